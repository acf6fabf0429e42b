--[[
  The schedules of one partition that are due now, with their definitions and states, and the
  server's time (the poller computes the following ticks from it). One call per partition per
  poll; with no schedule it is one ZRANGEBYSCORE on an empty key.

  KEYS[1] schedDue    ZSET  schedule id -> next fire (server ms)
  KEYS[2] schedules   HASH  schedule id -> definition JSON
  KEYS[3] schedState  HASH  schedule id -> state JSON

  ARGV[1] at most this many schedules

  Returns { now, id1, definition1, state1, id2, … }
]]
-- @include common
local now = serverNow()
local out = { int(now) }
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(ids) do
  local def = redis.call('HGET', KEYS[2], id)
  local st = redis.call('HGET', KEYS[3], id)
  if def and st then
    out[#out + 1] = id
    out[#out + 1] = def
    out[#out + 1] = st
  else
    -- A due entry without its schedule (never written by these scripts): drop it.
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
