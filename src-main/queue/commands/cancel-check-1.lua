--[[
  Which of a worker's leased tasks have a cancellation pending. Called about every half second
  for partitions where the worker holds leases; answers at once when nothing is pending.

  KEYS[1] cancel  SET

  ARGV[1..] ids

  Returns: the ids among ARGV whose cancellation is pending.
]]
if redis.call('SCARD', KEYS[1]) == 0 then return {} end
local out = {}
local flags = redis.call('SMISMEMBER', KEYS[1], unpack(ARGV))
for i, f in ipairs(flags) do
  if f == 1 then out[#out + 1] = ARGV[i] end
end
return out
