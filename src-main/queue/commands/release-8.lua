--[[
  Gives leased tasks back without counting the attempt (a worker stopping gracefully).

  KEYS[1] active  ZSET
  KEYS[2] lease   HASH
  KEYS[3] data    HASH
  KEYS[4] wait    ZSET
  KEYS[5] meta    HASH
  KEYS[6] marker  LIST
  KEYS[7] cancelled ZSET
  KEYS[8] cancel  SET   pending cancellations: such a task ends cancelled instead of waiting

  ARGV[1 + 2i], ARGV[2 + 2i]: id, token

  Returns: one integer per task: 1 released, -6 lease not owned.
]]
-- @include common
local now = serverNow()
local out = {}
for i = 1, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', KEYS[2], id) ~= token then
    out[#out + 1] = -6
  else
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[1], id)
    local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
    local priority = 0
    if rec and rec.cancelRequested then
      closeHistory(rec, 'released', now)
      cancelRecord(rec, id, now, KEYS[3], KEYS[7], KEYS[5], KEYS[8])
    elseif rec then
      rec.attemptsMade = math.max(0, (tonumber(rec.attemptsMade) or 1) - 1)
      rec.workerId = nil
      closeHistory(rec, 'released', now)
      priority = rec.priority
      redis.call('HSET', KEYS[3], id, cjson.encode(rec))
    end
    if not (rec and rec.cancelledAt) then redis.call('ZADD', KEYS[4], int(waitScore(KEYS[5], priority)), id) end
    out[#out + 1] = 1
  end
end
signal(KEYS[6], KEYS[5])
return out
