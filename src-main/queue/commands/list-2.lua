--[[
  One page of a state, newest (highest score) first.

  KEYS[1] source ZSET
  KEYS[2] data   HASH

  ARGV[1] upper score bound, inclusive ('+inf' for the first page)
  ARGV[2] how many entries at or below the bound to step over (already shown)
  ARGV[3] page size

  Returns: { id1, score1, record1, id2, ... }; a missing record comes back as false.
]]
local rows = redis.call('ZRANGE', KEYS[1], ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', tonumber(ARGV[2]), tonumber(ARGV[3]), 'WITHSCORES')
local out = {}
for i = 1, #rows, 2 do
  out[#out + 1] = rows[i]
  out[#out + 1] = rows[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], rows[i])
end
return out
