--[[
  Reads one task and the state it is in.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] data

  ARGV[1] id

  Returns: nil when unknown, else { record (raw text), state index 1..6 or 0 when in no set, score }.
]]
local raw = redis.call('HGET', KEYS[7], ARGV[1])
if not raw then return nil end
for i = 1, 6 do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score then return { raw, i, score } end
end
return { raw, 0, '0' }
