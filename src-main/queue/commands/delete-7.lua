--[[
  Deletes one task from whatever state it is in. A worker holding it gets -2 on ack.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed
  KEYS[6] data  HASH
  KEYS[7] lease HASH

  ARGV[1] id

  Returns: 1 deleted, 0 not found.
]]
local id = ARGV[1]
for i = 1, 5 do redis.call('ZREM', KEYS[i], id) end
redis.call('HDEL', KEYS[7], id)
return redis.call('HDEL', KEYS[6], id)
