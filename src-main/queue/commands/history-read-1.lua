--[[
  Reads a partition's history: `points` points of `step` buckets each, the last one holding the
  current bucket (server clock), summed per point (d and o: the largest value). Read only.

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
for p = first, last do
  local acc = {}
  for b = p * step, p * step + step - 1 do
    local flat = redis.call('HGETALL', KEYS[1] .. ARGV[1] .. ':' .. int(b))
    for i = 1, #flat, 2 do
      local f, v = flat[i], tonumber(flat[i + 1]) or 0
      if f == 'd' or f == 'o' then
        if not acc[f] or v > acc[f] then acc[f] = v end
      else
        acc[f] = (acc[f] or 0) + v
      end
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
