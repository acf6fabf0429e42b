--[[
  Renews a worker's share of the concurrency cap, with its leases: the share lives until
  server now + leaseMs, so a crashed worker's share comes back when its leases expire.

  KEYS[1] held     HASH  worker id -> tasks held
  KEYS[2] holders  ZSET  worker id -> expiry (server ms)

  ARGV[1] workerId
  ARGV[2] leaseMs

  Returns: the tasks the worker holds (0: nothing renewed).
]]
-- @include common
local held = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if held > 0 then redis.call('ZADD', KEYS[2], int(serverNow() + tonumber(ARGV[2])), ARGV[1]) end
return held
