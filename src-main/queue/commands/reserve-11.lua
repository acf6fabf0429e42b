--[[
  Leases up to `count` waiting tasks to a worker, after moving due delayed tasks to waiting.

  KEYS[1] wait      ZSET
  KEYS[2] delayed   ZSET
  KEYS[3] active    ZSET  leased tasks, scored by lease deadline (ms)
  KEYS[4] lease     HASH  id -> fencing token of the current lease
  KEYS[5] data      HASH
  KEYS[6] meta      HASH
  KEYS[7] marker    LIST
  KEYS[8] failed    ZSET  dead letters, scored by failure time (ms)
  KEYS[9] expiry    ZSET  tasks with an expiry, scored by the time they expire (ms)
  KEYS[10] histPrefix  the partition's history buckets (includes/history.lua): expired and
                    corrupt tasks count as failed in their minute, as in failedTotal
  KEYS[11] reserves  prefix of the reserve receipts: `reserves .. workerId` is a STRING (PX one
                    lease) holding the token prefix and ids of this worker's last batch here

  ARGV[1] lease (ms); the deadline is the server's time plus this
  ARGV[2] count
  ARGV[3] worker id
  ARGV[4] token prefix (unique per call; the token is prefix .. ':' .. n)
  ARGV[5] how many due delayed tasks to promote at most

  Returns: { ms until the next delayed task is due (by the server's clock) or -1, corruptIds
  (array), id1, token1, record1, id2, ... }.
  A paused partition returns no tasks. A record that is not valid JSON goes to `failed` and its id
  is reported, so one bad record never blocks the partition. A task past its expiry (by the
  server's clock) goes to `failed` with failedReason `expired`, without running; the expiry set is
  only read when it is not empty, so queues that never use expiry pay one EXISTS per call.

  Sent again: a call whose token prefix is the one in the worker's receipt is the same call sent
  again (ioredis re-sends a command whose reply a failover or a dropped connection lost, and the
  worker re-sends with the same prefix after an error). It leases nothing new and answers with that
  batch's tasks that still hold its leases, so a lost reply never leaves a batch leased to nobody
  until its leases expire.

  Fast path: a task on its first attempt still holds the record enqueue wrote (JSON.stringify of
  newRecord: `"attemptsMade":0,` once, `"history":[]}` last). Its attempt is started by editing
  the text instead of a cjson decode + encode, which was most of this script's time. An unescaped
  `"attemptsMade":0,` cannot occur inside a JSON string, so the edit can only hit the key.
]]
-- @include common
-- @include history
local now = serverNow()
local leaseMs = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local workerId = ARGV[3]
local prefix = ARGV[4]
local receiptKey = KEYS[11] .. workerId

local receipt = redis.call('GET', receiptKey)
if receipt then
  local ok, r = pcall(cjson.decode, receipt)
  if ok and type(r) == 'table' and r[1] == prefix then
    local again = { -1, {} }
    local nextDue = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    if nextDue[2] then again[1] = math.max(0, tonumber(nextDue[2]) - now) end
    for i = 2, #r do
      local id = r[i]
      local token = prefix .. ':' .. (i - 1)
      if redis.call('HGET', KEYS[4], id) == token then
        local raw = redis.call('HGET', KEYS[5], id)
        if raw then
          again[#again + 1] = id
          again[#again + 1] = token
          again[#again + 1] = raw
        end
      end
    end
    return again
  end
end

local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', int(now), 'LIMIT', 0, tonumber(ARGV[5]))
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  local rec = decodeRecord(redis.call('HGET', KEYS[5], id))
  local priority = 0
  if rec then priority = tonumber(rec.priority) or 0 end
  if rec == nil then
    -- deleted while delayed: nothing to run
  else
    redis.call('ZADD', KEYS[1], int(waitScore(KEYS[6], priority)), id)
  end
end

local out = { -1, {} }
local nextDelayed = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if nextDelayed[2] then out[1] = math.max(0, tonumber(nextDelayed[2]) - now) end

if redis.call('HGET', KEYS[6], 'paused') == '1' then return out end

local FRESH_ATTEMPTS = '"attemptsMade":0,'
local FRESH_TAIL = '"history":[]}'
local workerJson = cjson.encode(workerId)
local nowText = int(now)
local leaseUntil = int(now + leaseMs)

-- The started record of a fresh task, or nil when the record is not in enqueue's exact shape.
local function startFresh(raw)
  if string.byte(raw, 1) ~= 123 or string.sub(raw, -#FRESH_TAIL) ~= FRESH_TAIL then return nil end
  local a = string.find(raw, FRESH_ATTEMPTS, 1, true)
  if not a then return nil end
  return string.sub(raw, 1, a - 1) .. '"attemptsMade":1,' .. string.sub(raw, a + #FRESH_ATTEMPTS, -#FRESH_TAIL - 1)
    .. '"startedAt":' .. nowText .. ',"workerId":' .. workerJson
    .. ',"history":[{"attempt":1,"workerId":' .. workerJson .. ',"startedAt":' .. nowText .. ',"outcome":"running"}]}'
end

local popped = redis.call('ZPOPMIN', KEYS[1], count)
local n = 0
local leasedIds = { prefix }
local hasExpiry = redis.call('EXISTS', KEYS[9]) == 1
local expired = 0
local corrupt = 0
for i = 1, #popped, 2 do
  local id = popped[i]
  local raw = redis.call('HGET', KEYS[5], id)
  if hasExpiry and raw then
    local at = redis.call('ZSCORE', KEYS[9], id)
    if at then
      redis.call('ZREM', KEYS[9], id)
      if tonumber(at) <= now then
        local rec = decodeRecord(raw)
        if rec then
          rec.failedReason = 'expired'
          rec.lastError = 'expired before it started (expiresAt ' .. at .. ', server time ' .. nowText .. ')'
          rec.finishedAt = now
          redis.call('HSET', KEYS[5], id, cjson.encode(rec))
        end
        redis.call('ZADD', KEYS[8], nowText, id)
        expired = expired + 1
        raw = nil
      end
    end
  end
  local fresh = raw and startFresh(raw)
  local rec = nil
  if not fresh then rec = decodeRecord(raw) end
  if fresh then
    n = n + 1
    local token = prefix .. ':' .. n
    redis.call('HSET', KEYS[5], id, fresh)
    redis.call('HSET', KEYS[4], id, token)
    redis.call('ZADD', KEYS[3], leaseUntil, id)
    leasedIds[#leasedIds + 1] = id
    out[#out + 1] = id
    out[#out + 1] = token
    out[#out + 1] = fresh
  elseif raw and rec == false then
    redis.call('ZADD', KEYS[8], int(now), id)
    redis.call('HINCRBY', KEYS[6], 'failedTotal', 1)
    corrupt = corrupt + 1
    table.insert(out[2], id)
  elseif rec then
    n = n + 1
    local token = prefix .. ':' .. n
    rec.attemptsMade = (tonumber(rec.attemptsMade) or 0) + 1
    rec.startedAt = now
    rec.workerId = workerId
    pushHistory(rec, { attempt = rec.attemptsMade, workerId = workerId, startedAt = now, outcome = 'running' })
    local encoded = cjson.encode(rec)
    redis.call('HSET', KEYS[5], id, encoded)
    redis.call('HSET', KEYS[4], id, token)
    redis.call('ZADD', KEYS[3], int(now + leaseMs), id)
    leasedIds[#leasedIds + 1] = id
    out[#out + 1] = id
    out[#out + 1] = token
    out[#out + 1] = encoded
  end
end
-- The receipt lives as long as the leases it names: after that a resend has nothing to answer with.
if n > 0 then redis.call('SET', receiptKey, cjson.encode(leasedIds), 'PX', leaseMs) end
if expired > 0 then
  redis.call('HINCRBY', KEYS[6], 'expiredTotal', expired)
  redis.call('HINCRBY', KEYS[6], 'failedTotal', expired)
end
if expired + corrupt > 0 then histAdd(KEYS[10], now, { f = expired + corrupt }, 'f') end
-- More work left: wake another worker too.
if redis.call('ZCARD', KEYS[1]) > 0 then signal(KEYS[7], KEYS[6]) end
return out
