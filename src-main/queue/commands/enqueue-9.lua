--[[
  Adds tasks to one partition. A task whose id exists already is left as it is (idempotent enqueue).
  A task with a dedupe id is not added while that id's dedupe key names another task that still
  holds it: a key set with a ttl holds until it expires, whatever its task's state; a key set
  without one holds while its task is waiting, delayed or active (a finished or missing task
  frees it, and the new task takes it over).

  KEYS[1] wait         ZSET  waiting tasks, scored by priority then sequence
  KEYS[2] delayed      ZSET  delayed tasks, scored by the time they become due (ms)
  KEYS[3] data         HASH  id -> task record (JSON)
  KEYS[4] meta         HASH  seq, paused, completedTotal, failedTotal
  KEYS[5] marker       LIST  wake-up marker for blocked workers
  KEYS[6] expiry       ZSET  tasks with an expiry, scored by the time they expire (ms)
  KEYS[7] active       ZSET  leased tasks (read only, to tell whether a dedupe key's task is unfinished)
  KEYS[8] dedupe       prefix of the dedupe keys: each is this prefix and the dedupe id (STRING
                       holding the task id, with PX when the task gave a ttl)
  KEYS[9] dedupeOwner  HASH  task id -> dedupe id, for keys without a ttl (retain-10 deletes the
                       key with its task)

  ARGV[1] 1 = a re-send of a call whose reply was lost, else 0
  ARGV[2] n, the number of tasks
  ARGV[3 + 4i .. 6 + 4i] (i = 0 .. n-1), per task: id, record JSON (task-record.ts; it holds the
  producer's trace context as `tc` when the application traces, so it is stored atomically with
  the task), delay (ms, from the server's clock), priority (0..1000)
  then, only for tasks that have them, in any order:
    an expiry: 2 arguments, the task's position (1 .. n) and expires in (ms from the server's clock);
    a dedupe id: 3 arguments, minus the task's position (-1 .. -n), the dedupe id and its ttl
    (ms, 0 = none).
  Tasks without either cost no argument and no work.

  Returns: one value per task: 1 added, 0 existed already, or (a string) the id of the task that
  holds its dedupe id, when it was not added for that. On a re-send, a task whose stored record is
  exactly the one sent counts as added (by the call whose reply was lost).
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
local dedupe = nil
if #ARGV > 2 + 4 * count then
  local j = 3 + 4 * count
  while j <= #ARGV do
    local pos = tonumber(ARGV[j])
    if pos > 0 then
      expiresIn = expiresIn or {}
      expiresIn[pos] = tonumber(ARGV[j + 1])
      j = j + 2
    else
      dedupe = dedupe or {}
      dedupe[-pos] = { ARGV[j + 1], tonumber(ARGV[j + 2]) }
      j = j + 3
    end
  end
end

local function unfinished(id)
  return redis.call('ZSCORE', KEYS[1], id) or redis.call('ZSCORE', KEYS[2], id) or redis.call('ZSCORE', KEYS[7], id)
end

local seq = redis.call('HINCRBY', KEYS[4], 'seq', count) - count
for k = 1, count do
  local i = 4 * k - 1
  local id, record, delay, priority = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
  local dd = dedupe and dedupe[k]
  local holder = nil
  if dd then
    local key = KEYS[8] .. dd[1]
    local held = redis.call('GET', key)
    if held and held ~= id then
      if redis.call('PTTL', key) > 0 or unfinished(held) then
        holder = held
      else
        redis.call('HDEL', KEYS[9], held)
      end
    end
  end
  if holder then
    out[#out + 1] = holder
  elseif redis.call('HSETNX', KEYS[3], id, record) == 1 then
    local expires = expiresIn and expiresIn[k]
    if expires then redis.call('ZADD', KEYS[6], int(now + expires), id) end
    if dd then
      if dd[2] > 0 then
        redis.call('SET', KEYS[8] .. dd[1], id, 'PX', dd[2])
      else
        redis.call('SET', KEYS[8] .. dd[1], id)
        redis.call('HSET', KEYS[9], id, dd[1])
      end
    end
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
