--[[
  Stores a schedule taken from a retired partition in its new partition, with its state (tick
  position, counters, paused) unchanged, so the move neither skips nor repeats a tick.

  KEYS[1] schedules   HASH  schedule id -> definition JSON
  KEYS[2] schedState  HASH  schedule id -> state JSON
  KEYS[3] schedDue    ZSET  schedule id -> next fire (server ms)

  ARGV[1] schedule id, ARGV[2] definition JSON, ARGV[3] state JSON

  Returns 1.
]]
local st = cjson.decode(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if tonumber(st.paused) ~= 1 and tonumber(st.next) and tonumber(st.next) >= 0 then
  redis.call('ZADD', KEYS[3], string.format('%d', st.next), ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
return 1
