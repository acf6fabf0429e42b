--[[
  Reads the limiter's state without changing it (for limitStatus, the console and the CLI).

  KEYS[1] rate     ZSET
  KEYS[2] hold     STRING
  KEYS[3] held     HASH
  KEYS[4] holders  ZSET
  KEYS[5] lmeta    HASH

  ARGV[1] perMs   window of the rate limit (0: none set, started counts 0)

  Returns: { server now, started in window, active held (live workers only), hold ms left (0 none),
  rateLimitedWaitsTotal, concurrencyCappedWaitsTotal }
]]
-- @include common
local now = serverNow()
local perMs = tonumber(ARGV[1])
local started = 0
if perMs > 0 then
  local batches = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. int(now - perMs), '+inf')
  for _, m in ipairs(batches) do started = started + tonumber(string.match(m, ':(%d+)$')) end
end
local active = 0
local flat = redis.call('HGETALL', KEYS[3])
for i = 1, #flat, 2 do
  local exp = redis.call('ZSCORE', KEYS[4], flat[i])
  if exp and tonumber(exp) > now then active = active + tonumber(flat[i + 1]) end
end
local hold = math.max(0, redis.call('PTTL', KEYS[2]))
local c = redis.call('HMGET', KEYS[5], 'rateLimitedWaitsTotal', 'concurrencyCappedWaitsTotal')
return { now, started, active, hold, tonumber(c[1] or '0'), tonumber(c[2] or '0') }
