--[[
  The state of many tasks at once, for waiters polling on behalf of many waitFor calls.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] data

  ARGV[1..] ids

  Returns: one integer per id: the state index (TASK_STATES order, 1-based), 0 in no set, -1 unknown.
  Finished states are looked up first (the common answer for a waiter that is about to resolve).
]]
local ORDER = { 4, 5, 6, 3, 1, 2 }
local out = {}
for i = 1, #ARGV do
  local id = ARGV[i]
  local s = -1
  if redis.call('HEXISTS', KEYS[7], id) == 1 then
    s = 0
    for _, k in ipairs(ORDER) do
      if redis.call('ZSCORE', KEYS[k], id) then s = k break end
    end
  end
  out[i] = s
end
return out
