--[[
  Cancels one task. A waiting or delayed task moves to cancelled at once (it never runs); an
  active one is marked cancelRequested and listed in the cancel set, which its worker checks
  about every half second (it aborts the handler's signal and ends the attempt; ack, fail,
  release and the stall sweep then move it to cancelled). A finished task is left alone.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] data  HASH
  KEYS[8] meta  HASH
  KEYS[9] cancel SET   ids of active tasks whose cancellation is pending
  KEYS[10] expiry ZSET

  ARGV[1] id

  Returns: nil when unknown, else the state index (TASK_STATES order, 1-based) the task is in
  now: 6 cancelled, 3 active (cancel pending), 4 or 5 already finished.
]]
-- @include common
local id = ARGV[1]
local raw = redis.call('HGET', KEYS[7], id)
if not raw then return nil end
local now = serverNow()
for s = 1, 6 do
  if redis.call('ZSCORE', KEYS[s], id) then
    if s == 1 or s == 2 then
      local rec = decodeRecord(raw)
      if not rec then return s end
      redis.call('ZREM', KEYS[s], id)
      redis.call('ZREM', KEYS[10], id)
      cancelRecord(rec, id, now, KEYS[7], KEYS[6], KEYS[8], KEYS[9])
      return 6
    elseif s == 3 then
      local rec = decodeRecord(raw)
      if rec and not rec.cancelRequested then
        rec.cancelRequested = true
        redis.call('HSET', KEYS[7], id, cjson.encode(rec))
      end
      redis.call('SADD', KEYS[9], id)
      return 3
    end
    return s
  end
end
return 0
