--[[
  Records a failed attempt. The task is retried (after its backoff) while attempts remain, and
  otherwise moves to `failed`, the dead-letter state, keeping its last error and stack.

  KEYS[1] active   ZSET
  KEYS[2] lease    HASH
  KEYS[3] data     HASH
  KEYS[4] wait     ZSET
  KEYS[5] delayed  ZSET
  KEYS[6] failed   ZSET
  KEYS[7] meta     HASH
  KEYS[8] marker   LIST
  KEYS[9] cancelled ZSET
  KEYS[10] cancel  SET   ids of active tasks whose cancellation is pending
  KEYS[11] histPrefix  the partition's history buckets (includes/history.lua): per minute, the
                   tasks failed for good (f), the attempts retried (e), and the wait and run
                   latency buckets of both (w<k>, r<k>); a re-sent fail or a cancel adds nothing

  ARGV[1 + 8i ..]: id, token, error message, stack, backoff (ms from the server's clock; -1 = do not
  retry), reason ('error', 'timeout' or 'unrecoverable': kept as failedReason when it fails for
  good; a timeout counts in timedOutTotal), wait latency bucket, run latency bucket
  (src-main/queue/history/latency-buckets.ts; -1 = not measured)

  A retried task's record gets readyAt: when it can run again (server clock), which the next
  attempt's wait latency is measured from.

  Returns: one integer per task (ScriptCode in script-code.ts): 11 retried now, 12 retried after
  a delay, 13 failed for good, 14 failed for good with its record kept as it was (Lua cannot decode it, e.g. a lone surrogate
  written by an older version: it is never overwritten), -2 the task no longer exists, -6 lease
  not owned, 15 cancelled (its cancellation was asked while it ran: not retried).

  Safe to re-send: a fail whose reply was lost and that is sent again finds its own outcome on the
  record (lastToken, lastCode) and answers that code again instead of -6.
]]
-- @include common
-- @include history
local now = serverNow()
local out = {}
local woke = false
local deadLetters = 0
local hist, waits, runs = {}, {}, {}

-- Records the failed attempt on a decoded record; returns the outcome code.
local function failAttempt(rec, id, token, message, stack, backoff, reason)
  rec.lastError = message
  rec.lastStack = stack
  rec.workerId = nil
  closeHistory(rec, 'failed', now, message)
  if reason == 'timeout' then redis.call('HINCRBY', KEYS[7], 'timedOutTotal', 1) end
  if rec.cancelRequested then
    rec.lastToken = token
    rec.lastCode = 15
    cancelRecord(rec, id, now, KEYS[3], KEYS[9], KEYS[7], KEYS[10])
    return 15
  end
  local attempts = tonumber(rec.attemptsMade) or 1
  local maxAttempts = tonumber(rec.maxAttempts) or 1
  local code
  if backoff >= 0 and attempts < maxAttempts then
    rec.readyAt = now + backoff
    histBump(hist, 'e', 1)
    if backoff > 0 then
      redis.call('ZADD', KEYS[5], int(now + backoff), id)
      code = 12
    else
      redis.call('ZADD', KEYS[4], int(waitScore(KEYS[7], rec.priority)), id)
      woke = true
      code = 11
    end
  else
    rec.finishedAt = now
    rec.failedReason = reason
    redis.call('ZADD', KEYS[6], int(now), id)
    deadLetters = deadLetters + 1
    code = 13
  end
  rec.lastToken = token
  rec.lastCode = code
  redis.call('HSET', KEYS[3], id, cjson.encode(rec))
  return code
end

for i = 1, #ARGV, 8 do
  local id, token, message, stack, backoff = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  local reason = ARGV[i + 5]
  local code = takeLease(KEYS[1], KEYS[2], KEYS[3], id, token)
  if code ~= 0 then
    local done = finishedBy(KEYS[3], id, token)
    out[#out + 1] = done and tonumber(done.lastCode) or code
  else
    local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
    if rec == nil then
      out[#out + 1] = -2
    elseif rec == false then
      -- Never overwrite what cannot be read: the raw record stays for inspection.
      redis.call('ZADD', KEYS[6], int(now), id)
      deadLetters = deadLetters + 1
      out[#out + 1] = 14
    else
      local code = failAttempt(rec, id, token, message, stack, backoff, reason)
      if code ~= 15 then
        histLatency(waits, ARGV[i + 6])
        histLatency(runs, ARGV[i + 7])
      end
      out[#out + 1] = code
    end
  end
end
if deadLetters > 0 then
  redis.call('HINCRBY', KEYS[7], 'failedTotal', deadLetters)
  hist.f = deadLetters
end
histAdd(KEYS[11], now, hist, 'f', waits, runs)
if woke then signal(KEYS[8], KEYS[7]) end
return out
