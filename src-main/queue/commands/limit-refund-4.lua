--[[
  Gives grants back: starts granted by limit-acquire that no task used (the partition had fewer
  waiting), and, for the concurrency cap, tasks whose ack, fail or release is confirmed.

  KEYS[1] rate     ZSET  grant batches ("<seq>:<count>" scored by grant time)
  KEYS[2] held     HASH  worker id -> tasks held against the cap
  KEYS[3] holders  ZSET  worker id -> expiry of its share
  KEYS[4] lmeta    HASH  inWindow: the sum of the counts in rate (kept with it)

  ARGV[1] batch member from limit-acquire ("" for none)
  ARGV[2] unused starts of that batch (taken off its count; the batch keeps its grant time)
  ARGV[3] workerId
  ARGV[4] tasks the worker no longer holds against the cap (0 for none)

  Returns: the worker's remaining held count.
]]
local member, unused = ARGV[1], tonumber(ARGV[2])
if member ~= '' and unused > 0 then
  local score = redis.call('ZSCORE', KEYS[1], member)
  if score then
    local seq, count = string.match(member, '^(%d+):(%d+)$')
    local left = tonumber(count) - unused
    redis.call('ZREM', KEYS[1], member)
    if left > 0 then redis.call('ZADD', KEYS[1], score, seq .. ':' .. left) end
    local sum = tonumber(redis.call('HGET', KEYS[4], 'inWindow') or '0') - math.min(unused, tonumber(count))
    redis.call('HSET', KEYS[4], 'inWindow', math.max(0, sum))
  end
end
local k = tonumber(ARGV[4])
local worker = ARGV[3]
if k <= 0 then return tonumber(redis.call('HGET', KEYS[2], worker) or '0') end
local left = redis.call('HINCRBY', KEYS[2], worker, -k)
if left <= 0 then
  redis.call('HDEL', KEYS[2], worker)
  redis.call('ZREM', KEYS[3], worker)
  return 0
end
return left
