--[[
  Recovers tasks whose lease expired (their worker died or hung). A task goes back to waiting, or
  to failed once it has stalled more than maxStalls times. Runs under a lock, so concurrent
  sweepers of the same partition never both act within one interval.

  KEYS[1] active  ZSET
  KEYS[2] lease   HASH
  KEYS[3] data    HASH
  KEYS[4] wait    ZSET
  KEYS[5] failed  ZSET
  KEYS[6] meta    HASH  failedTotal and stalledTotal are raised here
  KEYS[7] marker  LIST
  KEYS[8] sweepLock STRING  held for the sweep interval
  KEYS[9] cancelled ZSET
  KEYS[10] cancel SET   pending cancellations: such a task ends cancelled instead of running again
  KEYS[11] histPrefix  the partition's history buckets (includes/history.lua): failed per minute

  ARGV[1] lock time (ms)
  ARGV[2] maxStalls
  ARGV[3] at most this many tasks per call
  ARGV[4] sweeper id

  A lease is expired when its deadline is before the server's time, whatever the sweeper's clock.

  Returns: { requeued, failed } or -1 when another sweeper holds the lock.
]]
-- @include common
-- @include history
if not redis.call('SET', KEYS[8], ARGV[4], 'NX', 'PX', tonumber(ARGV[1])) then return -1 end
local now = serverNow()
local maxStalls = tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', int(now), 'LIMIT', 0, tonumber(ARGV[3]))
local requeued, failed, stalled = 0, 0, 0
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
  if rec == nil then
    -- deleted while active
  elseif rec == false then
    redis.call('ZADD', KEYS[5], int(now), id)
    failed = failed + 1
  else
    rec.stalls = (tonumber(rec.stalls) or 0) + 1
    stalled = stalled + 1
    rec.workerId = nil
    closeHistory(rec, 'stalled', now, 'lease expired')
    if rec.cancelRequested then
      cancelRecord(rec, id, now, KEYS[3], KEYS[9], KEYS[6], KEYS[10])
    elseif rec.stalls > maxStalls then
      rec.failedReason = 'stalled'
      rec.lastError = 'stalled ' .. rec.stalls .. ' times (lease expired; maxStalls ' .. maxStalls .. ')'
      rec.finishedAt = now
      redis.call('ZADD', KEYS[5], int(now), id)
      failed = failed + 1
    else
      redis.call('ZADD', KEYS[4], int(waitScore(KEYS[6], rec.priority)), id)
      rec.readyAt = now
      requeued = requeued + 1
    end
    if not rec.cancelledAt then redis.call('HSET', KEYS[3], id, cjson.encode(rec)) end
  end
end
if failed > 0 then
  redis.call('HINCRBY', KEYS[6], 'failedTotal', failed)
  histAdd(KEYS[11], now, { f = failed }, 'f')
end
-- Every expired lease of a readable task counts as a stall (the alert rules read the running total).
if stalled > 0 then redis.call('HINCRBY', KEYS[6], 'stalledTotal', stalled) end
if requeued > 0 then signal(KEYS[7], KEYS[6]) end
return { requeued, failed }
