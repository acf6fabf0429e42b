--[[
  Moves one bounded batch of tasks from a state (failed, delayed or completed) back to waiting,
  with attempts and stall count reset and history kept. Callers loop until nothing is left.

  KEYS[1] source  ZSET  the state's set
  KEYS[2] wait    ZSET
  KEYS[3] data    HASH
  KEYS[4] meta    HASH
  KEYS[5] marker  LIST

  ARGV[1] batch size
  ARGV[2] skip: how many unreadable records at the head of the set to step over

  Returns: { moved, skipped (unreadable, left in place), remaining in source }.
]]
-- @include common
local now = serverNow()
local skip = tonumber(ARGV[2])
local ids = redis.call('ZRANGE', KEYS[1], skip, skip + tonumber(ARGV[1]) - 1)
local moved, skipped = 0, 0
for _, id in ipairs(ids) do
  local rec = decodeRecord(redis.call('HGET', KEYS[3], id))
  if rec == false then
    skipped = skipped + 1
  else
    redis.call('ZREM', KEYS[1], id)
    if rec then
      requeueRecord(rec, id, now, KEYS[3], KEYS[2], KEYS[4])
      moved = moved + 1
    end
  end
end
if moved > 0 then signal(KEYS[5], KEYS[4]) end
return { moved, skipped, redis.call('ZCARD', KEYS[1]) }
