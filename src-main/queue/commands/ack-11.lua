--[[
  Completes leased tasks. Checks each fencing token: a worker whose lease expired and whose task
  was leased again changes nothing.

  Safe to re-send: an ack whose reply was lost (closed connection) and that is sent again finds
  its own completion (the record's lastToken is this token) and answers 4 instead of -6. With
  removeOnComplete the record is gone after the first ack, which cannot be told apart from a delete
  while the task ran: either way the handler finished and nothing runs again, so a missing record
  answers 4 too.

  A task whose cancellation was asked while it ran (it is in the cancel set) ends cancelled
  instead: its outcome (and result) is discarded.

  KEYS[1] active     ZSET
  KEYS[2] lease      HASH
  KEYS[3] data       HASH
  KEYS[4] completed  ZSET  scored by completion time (ms)
  KEYS[5] meta       HASH
  KEYS[6] cancelled  ZSET  scored by cancel time (ms)
  KEYS[7] cancel     SET   ids of active tasks whose cancellation is pending
  KEYS[8] logPrefix  each task's log list is this prefix and its id (trimmed tasks lose theirs)
  KEYS[9] dedupe       prefix of the dedupe keys (enqueue-9.lua)
  KEYS[10] dedupeOwner HASH  task id -> dedupe id of tasks holding a dedupe key without a ttl: a
                       completed one gives its key up here (with removeOnComplete its record goes,
                       so retention would never see it)
  KEYS[11] histPrefix  the partition's history buckets (includes/history.lua): each completion
                       counts in its minute (c), with its wait and run latency buckets (w<k>, r<k>)

  ARGV[1] 1 = delete the record on completion (removeOnComplete), 0 = keep it
  ARGV[2] keep at most this many completed tasks (-1 = all)
  ARGV[3] n, the number of tasks
  ARGV[4 + 4i] .. ARGV[7 + 4i] (i = 0 .. n-1): id, token, wait latency bucket, run latency bucket
  (src-main/queue/history/latency-buckets.ts; -1 = not measured)
  then, only for tasks that returned a result: ARGV[4 + 4n + 2j], ARGV[5 + 4n + 2j]: the task's
  position (1 .. n), its result JSON. Most handlers return nothing: they cost no argument at all.

  Only a completion this call makes counts in the history: a re-sent ack (4), a cancelled task
  (5) or a fenced one changes nothing there either.

  Returns: one integer per task (ScriptCode in script-code.ts): 1 completed, 4 completed already by this token (a re-sent ack),
  5 cancelled (the outcome discarded), -2 the task no longer exists, -6 lease not owned.
]]
-- @include common
-- @include history
local now = serverNow()
local remove = ARGV[1] == '1'
local keep = tonumber(ARGV[2])
local out = {}
local done = 0
-- Pending cancellations are rare: one EXISTS per call, and a set lookup per task only when some
-- are pending, so the fast path (removeOnComplete: no record decode at all) stays as it was.
local anyCancel = redis.call('EXISTS', KEYS[7]) == 1
-- The same for dedupe keys without a ttl: one EXISTS per call, a lookup per task only when some
-- task of the partition holds one.
local anyDedupe = redis.call('EXISTS', KEYS[10]) == 1
local n = tonumber(ARGV[3])
local hist, waits, runs = {}, {}, {}
local results = nil
if #ARGV > 3 + 4 * n then
  results = {}
  for j = 4 + 4 * n, #ARGV, 2 do results[tonumber(ARGV[j])] = ARGV[j + 1] end
end
for k = 1, n do
  local id, token = ARGV[4 * k], ARGV[1 + 4 * k]
  local code = takeLease(KEYS[1], KEYS[2], KEYS[3], id, token)
  if code ~= 0 then
    if (code == -2 and remove) or finishedBy(KEYS[3], id, token) then code = 4 end
    out[#out + 1] = code
  elseif anyCancel and redis.call('SISMEMBER', KEYS[7], id) == 1 then
    local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
    if rec then
      closeHistory(rec, 'failed', now, 'cancelled')
      rec.lastToken = token
      rec.lastCode = 5
      cancelRecord(rec, id, now, KEYS[3], KEYS[6], KEYS[5], KEYS[7])
    else
      redis.call('SREM', KEYS[7], id)
    end
    out[#out + 1] = 5
  else
    done = done + 1
    histLatency(waits, ARGV[4 * k + 2])
    histLatency(runs, ARGV[4 * k + 3])
    if anyDedupe then
      local d = redis.call('HGET', KEYS[10], id)
      if d then
        if redis.call('GET', KEYS[9] .. d) == id then redis.call('DEL', KEYS[9] .. d) end
        redis.call('HDEL', KEYS[10], id)
      end
    end
    if remove then
      redis.call('HDEL', KEYS[3], id)
    else
      local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
      if rec then
        rec.finishedAt = now
        rec.workerId = nil
        rec.lastToken = token
        rec.lastCode = 1
        local result = results and results[k]
        if result then rec.result = result end
        closeHistory(rec, 'completed', now)
        redis.call('HSET', KEYS[3], id, cjson.encode(rec))
      end
      redis.call('ZADD', KEYS[4], int(now), id)
    end
    out[#out + 1] = 1
  end
end
if done > 0 then
  redis.call('HINCRBY', KEYS[5], 'completedTotal', done)
  hist.c = done
  histAdd(KEYS[11], now, hist, 'c', waits, runs)
end
-- Retention: trim a few of the oldest completed tasks per call, so trimming stays cheap.
if keep >= 0 and not remove then
  local excess = redis.call('ZCARD', KEYS[4]) - keep
  if excess > 0 then
    local old = redis.call('ZPOPMIN', KEYS[4], math.min(excess, done + 10))
    for j = 1, #old, 2 do
      redis.call('HDEL', KEYS[3], old[j])
      redis.call('DEL', KEYS[8] .. old[j])
    end
  end
end
return out
