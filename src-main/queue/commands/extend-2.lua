--[[
  Extends the leases of tasks a worker still holds.

  KEYS[1] active  ZSET
  KEYS[2] lease   HASH

  ARGV[1] lease (ms); the new deadline is the server's time plus this
  ARGV[2 + 2i], ARGV[3 + 2i]: id, token

  Returns: one integer per task: 1 extended, -6 the lease is not (or no longer) this token's.
]]
-- @include common
local deadline = int(serverNow() + tonumber(ARGV[1]))
local out = {}
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i])
    out[#out + 1] = 1
  else
    out[#out + 1] = -6
  end
end
return out
