--[[
  Applies a queue's retention to one partition, one bounded batch: removes the oldest completed,
  failed and cancelled tasks beyond maxCount, and those finished more than maxAgeMs ago, with their
  record and log. Cancelled tasks follow the failed rule. At most ARGV[5] tasks per call, so every
  call stays short; callers loop while a call removes a full batch.

  KEYS[1] completed  ZSET  scored by finish time (ms)
  KEYS[2] failed     ZSET
  KEYS[3] cancelled  ZSET
  KEYS[4] data       HASH
  KEYS[5] meta       HASH
  KEYS[6] logPrefix  each task's log list is this prefix and its id
  KEYS[7] lease      HASH
  KEYS[8] expiry     ZSET
  KEYS[9] dedupe       prefix of the dedupe keys (enqueue-9.lua)
  KEYS[10] dedupeOwner HASH  task id -> dedupe id of tasks that took a dedupe key without a ttl:
                       a removed task's key goes with it, if it still names that task. A partition
                       where no such task exists pays one EXISTS per call.

  ARGV[1] completed maxCount   ARGV[2] completed maxAgeMs
  ARGV[3] failed maxCount      ARGV[4] failed maxAgeMs
  ARGV[5] batch (tasks removed at most by this call)

  Returns: the number of tasks removed.
]]
-- @include common
local now = serverNow()
local budget = tonumber(ARGV[5])
local removed = 0
local owners = redis.call('EXISTS', KEYS[10]) == 1

local function drop(key, ids)
  if #ids == 0 then return end
  if owners then
    local dd = redis.call('HMGET', KEYS[10], unpack(ids))
    for i, d in ipairs(dd) do
      if d then
        local key = KEYS[9] .. d
        if redis.call('GET', key) == ids[i] then redis.call('DEL', key) end
        redis.call('HDEL', KEYS[10], ids[i])
      end
    end
  end
  redis.call('ZREM', key, unpack(ids))
  redis.call('HDEL', KEYS[4], unpack(ids))
  redis.call('HDEL', KEYS[7], unpack(ids))
  redis.call('ZREM', KEYS[8], unpack(ids))
  for _, id in ipairs(ids) do redis.call('DEL', KEYS[6] .. id) end
  removed = removed + #ids
  budget = budget - #ids
end

local function apply(key, maxCount, maxAge)
  if budget <= 0 then return end
  local excess = redis.call('ZCARD', key) - maxCount
  if excess > 0 then drop(key, redis.call('ZRANGE', key, 0, math.min(excess, budget) - 1)) end
  if budget <= 0 then return end
  drop(key, redis.call('ZRANGEBYSCORE', key, '-inf', int(now - maxAge), 'LIMIT', 0, budget))
end

apply(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
apply(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
apply(KEYS[3], tonumber(ARGV[3]), tonumber(ARGV[4]))
if removed > 0 then redis.call('HINCRBY', KEYS[5], 'retentionRemovedTotal', removed) end
return removed
