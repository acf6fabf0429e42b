--[[
  Test support (not a queue script): writes synthetic history minutes through the same functions
  the queue's scripts use (commands/includes/history.lua), at explicit times instead of the
  server's clock, to check the expiry bound and measure the memory of 7 days.

  KEYS[1] histPrefix

  ARGV[1] time (ms) of the first minute; ARGV[2] number of minutes, one apart
  ARGV[3] JSON object field -> count added to each minute (c, f, e, w<k>, r<k>)
  ARGV[4] depth sampled in each minute (plus minute index mod 7, unless 0); -1 = no sample

  Returns: the number of minutes written.
]]
-- @include common
-- @include history
local first, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local fields = cjson.decode(ARGV[3])
local depth = tonumber(ARGV[4])
for i = 0, n - 1 do
  local t = first + i * 60000
  if depth > 0 then histSample(KEYS[1], t, depth + i % 7, 60000 + i) end
  if depth == 0 then histSample(KEYS[1], t, 0, 0) end
  local acc = {}
  for f, c in pairs(fields) do acc[f] = c end
  histAdd(KEYS[1], t, acc, 'c')
end
return n
