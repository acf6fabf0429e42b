-- Shared helpers, included at load time by every script that needs them.

-- Wait-list score: higher priority first, FIFO within a priority. 2^43 sequence numbers per
-- priority level keep the score an exact integer below 2^53 for priorities 0..1000.
local function scoreOf(priority, seq)
  return (1000 - (tonumber(priority) or 0)) * 8796093022208 + seq
end

-- The wait-list score of one task, taking the partition's next sequence number.
local function waitScore(metaKey, priority)
  return scoreOf(priority, redis.call('HINCRBY', metaKey, 'seq', 1))
end

-- Server time in ms. Every deadline (lease, delay, backoff, stall sweep) is set and compared on
-- the server's clock, never a client's: a worker host whose clock is off by a minute must not
-- expire live leases or run delayed tasks early. Redis 7 replicates a script's effects, so TIME
-- is allowed before writes.
local function serverNow()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Redis formats Lua numbers with 14 significant digits; scores need every digit.
local function int(n)
  return string.format('%d', n)
end

-- A record that does not decode is reported as corrupt instead of failing the whole script.
local function decodeRecord(raw)
  if not raw then return nil end
  local ok, rec = pcall(cjson.decode, raw)
  if ok and type(rec) == 'table' then return rec end
  return false
end

local HISTORY_MAX = 10

local function pushHistory(rec, entry)
  local h = rec.history
  if type(h) ~= 'table' then h = {} end
  h[#h + 1] = entry
  while #h > HISTORY_MAX do table.remove(h, 1) end
  rec.history = h
end

-- Closes the newest running attempt with an outcome.
local function closeHistory(rec, outcome, now, err)
  local h = rec.history
  if type(h) ~= 'table' or #h == 0 then return end
  local last = h[#h]
  if last.outcome == 'running' then
    last.outcome = outcome
    last.endedAt = now
    if err then last.error = err end
  end
end

-- Wakes one blocked worker; the marker list never holds more than one element.
local function signal(markerKey, metaKey)
  if redis.call('HGET', metaKey, 'paused') == '1' then return end
  if redis.call('LLEN', markerKey) == 0 then redis.call('RPUSH', markerKey, '1') end
end

-- Ends a lease if `token` still holds it: 0 when ended, else the fencing code for the caller
-- (-2 the task no longer exists, -6 the lease is not this token's).
local function takeLease(activeKey, leaseKey, dataKey, id, token)
  if redis.call('HGET', leaseKey, id) ~= token then
    if redis.call('HEXISTS', dataKey, id) == 0 then return -2 end
    return -6
  end
  redis.call('HDEL', leaseKey, id)
  redis.call('ZREM', activeKey, id)
  return 0
end

-- The record when the attempt holding `token` already finished it (a re-sent ack or fail), else nil.
local function finishedBy(dataKey, id, token)
  local rec = decodeRecord(redis.call('HGET', dataKey, id))
  if rec and rec.lastToken == token then return rec end
  return nil
end

-- Puts a task back to waiting as an operator's requeue: attempts and stalls reset, history kept.
local function requeueRecord(rec, id, now, dataKey, waitKey, metaKey)
  rec.attemptsMade = 0
  rec.stalls = 0
  rec.finishedAt = nil
  rec.cancelledAt = nil
  rec.cancelRequested = nil
  rec.failedReason = nil
  rec.requeuedAt = now
  -- Its next attempt's wait latency counts from here (history, see fail-11.lua).
  rec.readyAt = now
  redis.call('HSET', dataKey, id, cjson.encode(rec))
  redis.call('ZADD', waitKey, int(waitScore(metaKey, rec.priority)), id)
end

-- Ends a task as cancelled: into the cancelled set, its pending cancel (if any) cleared.
local function cancelRecord(rec, id, now, dataKey, cancelledKey, metaKey, cancelSetKey)
  rec.cancelledAt = now
  rec.finishedAt = now
  rec.cancelRequested = nil
  rec.workerId = nil
  redis.call('HSET', dataKey, id, cjson.encode(rec))
  redis.call('ZADD', cancelledKey, int(now), id)
  redis.call('SREM', cancelSetKey, id)
  redis.call('HINCRBY', metaKey, 'cancelledTotal', 1)
end
