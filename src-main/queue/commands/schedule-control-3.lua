--[[
  Pauses, resumes or removes a schedule.

  KEYS[1] schedules   HASH  schedule id -> definition JSON
  KEYS[2] schedState  HASH  schedule id -> state JSON
  KEYS[3] schedDue    ZSET  schedule id -> next fire (server ms)

  ARGV[1] 'pause', 'resume' or 'remove'; ARGV[2] schedule id

  Returns 1 done, -1 no such schedule. A resumed schedule whose next tick passed while it was
  paused follows its catch-up choice at the next poll.
]]
local id = ARGV[2]
local raw = redis.call('HGET', KEYS[2], id)
if not raw or redis.call('HEXISTS', KEYS[1], id) == 0 then return -1 end
if ARGV[1] == 'remove' then
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  return 1
end
local st = cjson.decode(raw)
st.paused = ARGV[1] == 'pause' and 1 or 0
redis.call('HSET', KEYS[2], id, cjson.encode(st))
if st.paused == 0 and tonumber(st.next) >= 0 then
  redis.call('ZADD', KEYS[3], string.format('%d', st.next), id)
else
  redis.call('ZREM', KEYS[3], id)
end
return 1
