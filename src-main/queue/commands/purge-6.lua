--[[
  Deletes one bounded batch of tasks of a state, optionally only those scored at or below a bound
  (finished before a time). Callers loop until a batch comes back short.

  KEYS[1] source  ZSET
  KEYS[2] data    HASH
  KEYS[3] lease   HASH  (leases of purged active tasks are dropped too)
  KEYS[4] expiry  ZSET
  KEYS[5] cancel  SET
  KEYS[6] logPrefix  each task's log list is this prefix and its id (deleted with it)

  ARGV[1] only tasks finished at least this many ms ago by the server's clock (-1 = all)
  ARGV[2] batch size

  Returns: the number of tasks deleted.
]]
-- @include common
local max = '+inf'
if tonumber(ARGV[1]) >= 0 then max = int(serverNow() - tonumber(ARGV[1])) end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', max, 'LIMIT', 0, tonumber(ARGV[2]))
if #ids == 0 then return 0 end
-- unpack() of more than about 8000 values overflows Lua's C stack: delete in slices.
local SLICE = 1000
for i = 1, #ids, SLICE do
  local last = math.min(i + SLICE - 1, #ids)
  redis.call('ZREM', KEYS[1], unpack(ids, i, last))
  redis.call('HDEL', KEYS[2], unpack(ids, i, last))
  redis.call('HDEL', KEYS[3], unpack(ids, i, last))
  redis.call('ZREM', KEYS[4], unpack(ids, i, last))
  redis.call('SREM', KEYS[5], unpack(ids, i, last))
end
for _, id in ipairs(ids) do redis.call('DEL', KEYS[6] .. id) end
return #ids
