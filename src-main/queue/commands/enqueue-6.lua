--[[
  Adds tasks to one partition. A task whose id exists already is left as it is (idempotent enqueue).

  KEYS[1] wait      ZSET  waiting tasks, scored by priority then sequence
  KEYS[2] delayed   ZSET  delayed tasks, scored by the time they become due (ms)
  KEYS[3] data      HASH  id -> task record (JSON)
  KEYS[4] meta      HASH  seq, paused, completedTotal, failedTotal
  KEYS[5] marker    LIST  wake-up marker for blocked workers
  KEYS[6] expiry    ZSET  tasks with an expiry, scored by the time they expire (ms)

  ARGV[1] 1 = a re-send of a call whose reply was lost, else 0
  ARGV[2] n, the number of tasks
  ARGV[3 + 4i .. 6 + 4i] (i = 0 .. n-1), per task: id, record JSON, delay (ms, from the server's
  clock), priority (0..1000)
  then, only for tasks with an expiry: ARGV[3 + 4n + 2j], ARGV[4 + 4n + 2j]: the task's position
  (1 .. n), expires in (ms from the server's clock). Tasks without one cost no argument.

  Returns: one integer per task: 1 added, 0 existed already. On a re-send, a task whose stored
  record is exactly the one sent counts as added (by the call whose reply was lost).
]]
-- @include common
local now = serverNow()
local out = {}
local woke = false
-- One HINCRBY for the whole batch: every task gets a sequence number (delayed and duplicate ones
-- leave gaps, which only order and never collide).
local resend = ARGV[1] == '1'
local count = tonumber(ARGV[2])
local expiresIn = nil
if #ARGV > 2 + 4 * count then
  expiresIn = {}
  for j = 3 + 4 * count, #ARGV, 2 do expiresIn[tonumber(ARGV[j])] = tonumber(ARGV[j + 1]) end
end
local seq = redis.call('HINCRBY', KEYS[4], 'seq', count) - count
for k = 1, count do
  local i = 4 * k - 1
  local id, record, delay, priority = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
  if redis.call('HSETNX', KEYS[3], id, record) == 1 then
    local expires = expiresIn and expiresIn[k]
    if expires then redis.call('ZADD', KEYS[6], int(now + expires), id) end
    if delay > 0 then
      redis.call('ZADD', KEYS[2], int(now + delay), id)
    else
      seq = seq + 1
      redis.call('ZADD', KEYS[1], int(scoreOf(priority, seq)), id)
      woke = true
    end
    out[#out + 1] = 1
  elseif resend and redis.call('HGET', KEYS[3], id) == record then
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
if woke then signal(KEYS[5], KEYS[4]) end
return out
