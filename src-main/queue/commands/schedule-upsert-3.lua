--[[
  Creates or replaces a schedule. With the same spec the tick position (next, anchor) and the
  counters are kept, so a replace never fires a tick twice; with a new spec next becomes the value
  the caller computed after the server's now. Paused stays as it was.

  KEYS[1] schedules   HASH  schedule id -> definition JSON (stored verbatim)
  KEYS[2] schedState  HASH  schedule id -> state JSON
  KEYS[3] schedDue    ZSET  schedule id -> next fire (server ms)

  ARGV[1] schedule id, ARGV[2] definition JSON, ARGV[3] spec JSON (normalised),
  ARGV[4] next for a new spec (server ms), ARGV[5] anchor for a new spec, ARGV[6] the spec JSON
  the caller saw stored ('' none): when the stored spec is neither, the caller's next is stale.

  Returns the state JSON, or { -1, stored spec } when the stored spec changed under the caller.
]]
-- @include common
local now = serverNow()
local id, spec = ARGV[1], ARGV[3]
local raw = redis.call('HGET', KEYS[2], id)
local st = raw and cjson.decode(raw) or nil
if st and st.spec ~= spec and st.spec ~= ARGV[6] then return { -1, st.spec } end
if not st then
  -- An every-schedule counts from its creation: createdAt is its first anchor.
  st = { fires = 0, skipped = 0, paused = 0, createdAt = tonumber(ARGV[5]) }
end
if st.spec ~= spec then
  st.spec = spec
  st.next = tonumber(ARGV[4])
  st.anchor = tonumber(ARGV[5])
end
st.updatedAt = now
redis.call('HSET', KEYS[1], id, ARGV[2])
local out = cjson.encode(st)
redis.call('HSET', KEYS[2], id, out)
if st.paused ~= 1 and st.next >= 0 then
  redis.call('ZADD', KEYS[3], int(st.next), id)
else
  redis.call('ZREM', KEYS[3], id)
end
return out
