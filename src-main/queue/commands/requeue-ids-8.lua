--[[
  Moves the given tasks back to waiting from failed, delayed, completed or cancelled (attempts reset, history
  kept). Ids that are waiting, active, unknown or unreadable are left alone.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] completed  KEYS[4] failed  KEYS[5] cancelled
  KEYS[6] data  HASH
  KEYS[7] meta  HASH
  KEYS[8] marker LIST

  ARGV[1..] ids

  Returns: the number of tasks requeued.
]]
-- @include common
local now = serverNow()
local moved = 0
for i = 1, #ARGV do
  local id = ARGV[i]
  for s = 2, 5 do
    if redis.call('ZSCORE', KEYS[s], id) then
      local rec = decodeRecord(redis.call('HGET', KEYS[6], id))
      if rec then
        redis.call('ZREM', KEYS[s], id)
        requeueRecord(rec, id, now, KEYS[6], KEYS[1], KEYS[7])
        moved = moved + 1
      end
      break
    end
  end
end
if moved > 0 then signal(KEYS[8], KEYS[7]) end
return moved
