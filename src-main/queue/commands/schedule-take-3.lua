--[[
  Takes a schedule out of a retired partition (queue.rebalance moves it to the new generation):
  its definition and state, removed in one step so no poller of the old partition fires it again.

  KEYS[1] schedules   HASH  schedule id -> definition JSON
  KEYS[2] schedState  HASH  schedule id -> state JSON
  KEYS[3] schedDue    ZSET  schedule id -> next fire (server ms)

  ARGV[1] schedule id

  Returns: { definition JSON, state JSON }, or an empty array when the schedule is not there.
]]
local def = redis.call('HGET', KEYS[1], ARGV[1])
local st = redis.call('HGET', KEYS[2], ARGV[1])
if not def or not st then return {} end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return { def, st }
