--[[
  Makes one bounded batch of delayed tasks waiting now, due or not.

  KEYS[1] delayed ZSET  KEYS[2] wait ZSET  KEYS[3] data HASH  KEYS[4] meta HASH  KEYS[5] marker LIST

  ARGV[1] batch size

  Returns: { moved, remaining delayed }.
]]
-- @include common
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
local moved = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
  if rec ~= nil then
    local priority = 0
    if rec then priority = rec.priority end
    redis.call('ZADD', KEYS[2], int(waitScore(KEYS[4], priority)), id)
    moved = moved + 1
  end
end
if moved > 0 then signal(KEYS[5], KEYS[4]) end
return { moved, redis.call('ZCARD', KEYS[1]) }
