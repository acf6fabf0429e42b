--[[
  Reads a partition's history: `points` points of `step` buckets each, the last one holding the
  current bucket (server clock), summed per point (d and o: the largest value; a minute sampled
  with nothing waiting, kept as a bit of its ten-minute bucket's z, counts as d = o = 0). Read only.

  KEYS[1] histPrefix  prefix of the history buckets (`{tag}:hist:`, see includes/history.lua)

  ARGV[1] tier: 'm' minute buckets (kept 24 h) or 't' ten-minute buckets (kept 7 days)
  ARGV[2] step: buckets per point (the first bucket of point p is p * step)
  ARGV[3] points

  Returns: { server now (ms), index of the first point, then per point a flat array
  field, value, field, value, … (empty when the point has no data) }.
]]
-- @include common
local now = serverNow()
local width = ARGV[1] == 't' and 600000 or 60000
local step = tonumber(ARGV[2])
local last = math.floor(math.floor(now / width) / step)
local first = last - tonumber(ARGV[3]) + 1
local out = { now, first }
-- The `z` masks of ten-minute buckets, read once each: a minute sampled with nothing waiting
-- has its bit there instead of a minute bucket (includes/history.lua, histSample).
local masks = {}
local function sampledEmpty(minute)
  local ten = math.floor(minute / 10)
  if masks[ten] == nil then masks[ten] = tonumber(redis.call('HGET', KEYS[1] .. 't:' .. int(ten), 'z')) or 0 end
  return bit.band(masks[ten], bit.lshift(1, minute % 10)) ~= 0
end
local function atLeast(acc, f, v)
  if not acc[f] or v > acc[f] then acc[f] = v end
end
for p = first, last do
  local acc = {}
  for b = p * step, p * step + step - 1 do
    local flat = redis.call('HGETALL', KEYS[1] .. ARGV[1] .. ':' .. int(b))
    local sampled = false
    for i = 1, #flat, 2 do
      local f, v = flat[i], tonumber(flat[i + 1]) or 0
      if f == 'd' or f == 'o' then
        atLeast(acc, f, v)
        sampled = true
      elseif f == 'z' then
        -- Ten-minute buckets: some of their minutes were sampled with nothing waiting.
        if v ~= 0 then
          atLeast(acc, 'd', 0)
          atLeast(acc, 'o', 0)
        end
      else
        acc[f] = (acc[f] or 0) + v
      end
    end
    if ARGV[1] == 'm' and not sampled and sampledEmpty(b) then
      atLeast(acc, 'd', 0)
      atLeast(acc, 'o', 0)
    end
  end
  local row = {}
  for f, v in pairs(acc) do
    row[#row + 1] = f
    row[#row + 1] = int(v)
  end
  out[#out + 1] = row
end
return out
