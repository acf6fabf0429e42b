--[[
  Deletes one task from whatever state it is in, with its log. A worker holding it gets -2 on ack.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] data  HASH
  KEYS[8] lease HASH
  KEYS[9] expiry ZSET
  KEYS[10] cancel SET
  KEYS[11] logPrefix  the task's log list is this prefix and its id

  ARGV[1] id

  Returns: 1 deleted, 0 not found.
]]
local id = ARGV[1]
for i = 1, 6 do redis.call('ZREM', KEYS[i], id) end
redis.call('HDEL', KEYS[8], id)
redis.call('ZREM', KEYS[9], id)
redis.call('SREM', KEYS[10], id)
redis.call('DEL', KEYS[11] .. id)
return redis.call('HDEL', KEYS[7], id)
