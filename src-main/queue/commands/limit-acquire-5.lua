--[[
  Grants up to n task starts under the queue's limits (one slot for the whole queue, however many
  partitions and workers): the 429 hold, the global concurrency cap, then the sliding rate window.

  KEYS[1] rate     ZSET  grant batches: member "<seq>:<count>", score = server ms of the grant
  KEYS[2] hold     STRING set with PX by a handler's rateLimit(ms): nothing is granted while it lives
  KEYS[3] held     HASH  worker id -> tasks it holds against the cap
  KEYS[4] holders  ZSET  worker id -> expiry of its share (server ms), renewed with its leases
  KEYS[5] lmeta    HASH  seq, inWindow (sum of the counts in rate), rateLimitedWaitsTotal,
                         concurrencyCappedWaitsTotal

  ARGV[1] n         starts asked (the worker's idle slots)
  ARGV[2] workerId
  ARGV[3] max       rate: starts per window, 0 = no rate limit
  ARGV[4] perMs     rate window (each grant batch counts for perMs + a guard, see below)
  ARGV[5] cap       global concurrency cap, 0 = none
  ARGV[6] leaseMs   how long a worker's share outlives its last renewal

  Returns: { granted, batch member ("" when no rate limit or nothing granted), wait ms (how long
  until a start may be granted again; 0 when not limited), why (0 none, 1 rate, 2 cap, 3 hold) }
]]
-- @include common
local now = serverNow()
local n = tonumber(ARGV[1])
local worker = ARGV[2]
local max, perMs = tonumber(ARGV[3]), tonumber(ARGV[4])
local cap, leaseMs = tonumber(ARGV[5]), tonumber(ARGV[6])

local holdMs = redis.call('PTTL', KEYS[2])
if holdMs > 0 then
  redis.call('HINCRBY', KEYS[5], 'rateLimitedWaitsTotal', 1)
  return { 0, '', holdMs, 3 }
end

local g, wait, why = n, 0, 0
if cap > 0 then
  -- A crashed worker's share comes back once its renewals stop for leaseMs.
  local gone = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
  for _, w in ipairs(gone) do redis.call('HDEL', KEYS[3], w) end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now) end
  local used = 0
  for _, v in ipairs(redis.call('HVALS', KEYS[3])) do used = used + tonumber(v) end
  if cap - used < g then
    g = math.max(0, cap - used)
    why = 2
    wait = 50
    redis.call('HINCRBY', KEYS[5], 'concurrencyCappedWaitsTotal', 1)
  end
end

local member = ''
if max > 0 then
  -- A batch counts for perMs plus a guard (5% of perMs, at most 50 ms): the time between this
  -- grant and the reserve that starts its tasks varies with the worker's event loop, and without
  -- the guard a late-started old batch and a promptly started new one would share a window.
  local span = perMs + math.min(50, math.floor(perMs / 20))
  -- lmeta.inWindow is the sum of the counts of the batches in the ZSET, kept as batches are added,
  -- refunded and leave the window, so an acquire reads only the batches that leave now (each batch
  -- is read once in its life) instead of every batch in the window: O(1) amortized, not O(window).
  local used = 0
  if redis.call('EXISTS', KEYS[1]) == 1 then
    used = tonumber(redis.call('HGET', KEYS[5], 'inWindow') or '0')
    local leaving = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', int(now - span))
    if #leaving > 0 then
      for _, m in ipairs(leaving) do used = used - tonumber(string.match(m, ':(%d+)$')) end
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - span))
      if used < 0 or redis.call('EXISTS', KEYS[1]) == 0 then used = 0 end
    end
  end
  if max - used < g then
    g = math.max(0, max - used)
    why = 1
    -- The oldest batch leaves the window at its score + span.
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    wait = oldest[2] and math.max(1, tonumber(oldest[2]) + span - now + 1) or 1
    redis.call('HINCRBY', KEYS[5], 'rateLimitedWaitsTotal', 1)
  end
  if g > 0 then
    local seq = redis.call('HINCRBY', KEYS[5], 'seq', 1)
    member = seq .. ':' .. g
    redis.call('ZADD', KEYS[1], int(now), member)
    used = used + g
  end
  redis.call('HSET', KEYS[5], 'inWindow', used)
  redis.call('PEXPIRE', KEYS[1], span * 2)
end

if cap > 0 and g > 0 then
  redis.call('HINCRBY', KEYS[3], worker, g)
  redis.call('ZADD', KEYS[4], int(now + leaseMs), worker)
end
return { g, member, wait, why }
