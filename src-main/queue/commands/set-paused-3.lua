--[[
  Pauses or resumes one partition. Resuming wakes a worker when tasks wait.

  KEYS[1] meta  HASH
  KEYS[2] wait  ZSET
  KEYS[3] marker LIST

  ARGV[1] 1 = pause, 0 = resume

  Returns: 1.
]]
-- @include common
if ARGV[1] == '1' then
  redis.call('HSET', KEYS[1], 'paused', '1')
else
  redis.call('HDEL', KEYS[1], 'paused')
  if redis.call('ZCARD', KEYS[2]) > 0 then signal(KEYS[3], KEYS[1]) end
end
return 1
