--[[
  Holds the queue's starts for ms (a handler's rateLimit(ms), the 429 case). A shorter hold never
  cuts a longer one short.

  KEYS[1] hold  STRING

  ARGV[1] ms

  Returns: the hold's remaining ms.
]]
local ms = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  return ms
end
return left
