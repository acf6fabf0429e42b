--[[
  Moves the given tasks back to waiting from failed, delayed or completed (attempts reset, history
  kept). Ids that are waiting, active, unknown or unreadable are left alone.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] completed  KEYS[4] failed
  KEYS[5] data  HASH
  KEYS[6] meta  HASH
  KEYS[7] marker LIST

  ARGV[1..] ids

  Returns: the number of tasks requeued.
]]
-- @include common
local now = serverNow()
local moved = 0
for i = 1, #ARGV do
  local id = ARGV[i]
  for s = 2, 4 do
    if redis.call('ZSCORE', KEYS[s], id) then
      local rec = decodeRecord(redis.call('HGET', KEYS[5], id))
      if rec then
        redis.call('ZREM', KEYS[s], id)
        requeueRecord(rec, id, now, KEYS[5], KEYS[1], KEYS[6])
        moved = moved + 1
      end
      break
    end
  end
end
if moved > 0 then signal(KEYS[7], KEYS[6]) end
return moved
