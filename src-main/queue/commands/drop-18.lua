--[[
  Removes the keys of one drained partition of a retired generation, a batch at a time. Refuses
  while the partition holds unfinished work, so a task is never deleted before it ran, and while
  it holds failed tasks, so an operator can still inspect, requeue or purge them (retention
  removes them as in any partition).

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] lease  KEYS[8] data  KEYS[9] meta  KEYS[10] marker  KEYS[11] sweepLock  KEYS[12] cancel
  KEYS[13] expiry
  KEYS[14] logPrefix  a finished task's log list is this prefix and its id
  KEYS[15] schedules  KEYS[16] schedState  KEYS[17] schedDue  KEYS[18] dedupeOwner

  ARGV[1] finished tasks removed per call

  Returns: -1 unfinished work or failed tasks remain (waiting, delayed, active or failed), 0 more
  finished tasks to remove (call again), 1 every key is gone.
]]
for _, i in ipairs({ 1, 2, 3, 5 }) do
  if redis.call('ZCARD', KEYS[i]) > 0 then return -1 end
end
local budget = tonumber(ARGV[1])
for i = 4, 6 do
  local ids = redis.call('ZRANGE', KEYS[i], 0, budget - 1)
  for _, id in ipairs(ids) do
    redis.call('DEL', KEYS[14] .. id)
    redis.call('HDEL', KEYS[8], id)
    redis.call('ZREM', KEYS[i], id)
  end
  budget = budget - #ids
  if budget <= 0 then return 0 end
end
for i = 1, 18 do
  if i ~= 14 then redis.call('DEL', KEYS[i]) end
end
return 1
