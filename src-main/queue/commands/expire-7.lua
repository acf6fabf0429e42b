--[[
  Fails waiting and delayed tasks whose expiry passed (by the server's clock) without running,
  with failedReason `expired`: the sweep for tasks nobody reserves. One bounded batch per call.

  KEYS[1] expiry   ZSET  scored by expiry time (ms)
  KEYS[2] wait     ZSET
  KEYS[3] delayed  ZSET
  KEYS[4] failed   ZSET
  KEYS[5] data     HASH
  KEYS[6] meta     HASH  expiredTotal, failedTotal
  KEYS[7] histPrefix  the partition's history buckets (includes/history.lua): failed per minute

  ARGV[1] batch

  Returns: the number of tasks expired.
]]
-- @include common
-- @include history
local now = serverNow()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', int(now), 'LIMIT', 0, tonumber(ARGV[1]))
local n = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local from = nil
  if redis.call('ZSCORE', KEYS[2], id) then from = KEYS[2] elseif redis.call('ZSCORE', KEYS[3], id) then from = KEYS[3] end
  if from then
    local rec = decodeRecord(redis.call('HGET', KEYS[5], id))
    if rec then
      redis.call('ZREM', from, id)
      rec.failedReason = 'expired'
      rec.lastError = 'expired before it started (server time ' .. int(now) .. ')'
      rec.finishedAt = now
      redis.call('HSET', KEYS[5], id, cjson.encode(rec))
      redis.call('ZADD', KEYS[4], int(now), id)
      n = n + 1
    end
  end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[6], 'expiredTotal', n)
  redis.call('HINCRBY', KEYS[6], 'failedTotal', n)
  histAdd(KEYS[7], now, { f = n }, 'f')
end
return n
