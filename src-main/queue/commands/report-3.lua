--[[
  Writes a running task's progress and appends its log lines, fenced by the lease token (an
  attempt that lost its lease changes nothing). Workers coalesce calls to a few per second per task.

  KEYS[1] lease      HASH
  KEYS[2] data       HASH
  KEYS[3] logPrefix  the task's log list is this prefix and its id

  ARGV[1] id
  ARGV[2] token
  ARGV[3] progress JSON ('' = unchanged)
  ARGV[4] keep at most this many log lines
  ARGV[5] lines appended but dropped before this write (only the tail is kept anyway): counted in logCount
  ARGV[6..] log lines, oldest first

  Returns: 1 written, -6 the lease is not this token's (nothing written), -2 the task is gone.
]]
-- @include common
local id, token = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[1], id) ~= token then
  if redis.call('HEXISTS', KEYS[2], id) == 0 then return -2 end
  return -6
end
local rec = decodeRecord(redis.call('HGET', KEYS[2], id))
if not rec then return -2 end
if ARGV[3] ~= '' then rec.progress = cjson.decode(ARGV[3]) end
local lines = #ARGV - 5
if lines > 0 then
  local key = KEYS[3] .. id
  redis.call('RPUSH', key, unpack(ARGV, 6))
  redis.call('LTRIM', key, -tonumber(ARGV[4]), -1)
  rec.logCount = (tonumber(rec.logCount) or 0) + lines + tonumber(ARGV[5])
end
redis.call('HSET', KEYS[2], id, cjson.encode(rec))
return 1
