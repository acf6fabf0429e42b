--[[
  Fires one schedule into its own partition: the schedule's state and the task it enqueues share
  one slot, so a failover keeps or loses both together, and a re-fire of a tick is a no-op (the
  task id is derived from the schedule id and the tick).

  KEYS[1] schedState  HASH  schedule id -> state JSON (next, anchor, spec, paused, fires, skipped, last, lastTaskId)
  KEYS[2] schedDue    ZSET  schedule id -> next fire (server ms), only for schedules not paused
  KEYS[3] wait        ZSET  waiting tasks
  KEYS[4] data        HASH  id -> task record (JSON)
  KEYS[5] meta        HASH  seq, paused, scheduleFiresTotal, scheduleSkippedTotal
  KEYS[6] marker      LIST  wake-up marker for blocked workers
  KEYS[7] expiry      ZSET  tasks with an expiry
  KEYS[8] schedules   HASH  schedule id -> definition JSON (checked to exist)

  ARGV[1] mode: 'tick' (the poller) or 'run' (runScheduleNow: enqueue now, next untouched)
  ARGV[2] schedule id
  ARGV[3] the next fire the caller read (tick mode: compare-and-set against the stored one)
  ARGV[4] following: the tick after ARGV[3] (-1: none)
  ARGV[5] future: the first tick after the caller's server now (-1: none)
  ARGV[6] missed: ticks in [ARGV[3], caller's now] (used when the tick is past its grace)
  ARGV[7] grace (ms), ARGV[8] catch-up ('skip' or 'once')
  ARGV[9] task id, ARGV[10] task record JSON, ARGV[11] priority, ARGV[12] expires in (ms, 0 none)

  Returns { code, next, taskId }: code 1 fired, 2 missed ticks skipped (none fired), 0 nothing
  done (another poller fired it, not due yet, or paused), -1 no such schedule.
]]
-- @include common
local id = ARGV[2]
local raw = redis.call('HGET', KEYS[1], id)
if not raw or redis.call('HEXISTS', KEYS[8], id) == 0 then return { -1, -1, '' } end
local st = cjson.decode(raw)
local now = serverNow()

local function enqueue(taskId)
  if redis.call('HSETNX', KEYS[4], taskId, ARGV[10]) == 0 then return false end
  redis.call('ZADD', KEYS[3], int(waitScore(KEYS[5], ARGV[11])), taskId)
  local expires = tonumber(ARGV[12])
  if expires > 0 then redis.call('ZADD', KEYS[7], int(now + expires), taskId) end
  signal(KEYS[6], KEYS[5])
  return true
end

if ARGV[1] == 'run' then
  enqueue(ARGV[9])
  st.last = now
  st.lastTaskId = ARGV[9]
  redis.call('HSET', KEYS[1], id, cjson.encode(st))
  return { 1, int(st.next), ARGV[9] }
end

local expected = tonumber(ARGV[3])
if tonumber(st.next) ~= expected or st.paused == 1 or expected < 0 or now < expected then
  return { 0, int(st.next), '' }
end
local late = now - expected
local code, nextAt, taskId = 1, tonumber(ARGV[4]), ARGV[9]
if late > tonumber(ARGV[7]) then
  nextAt = tonumber(ARGV[5])
  local missed = math.max(1, tonumber(ARGV[6]))
  if ARGV[8] == 'once' then
    missed = missed - 1
  else
    code = 2
  end
  if missed > 0 then
    st.skipped = (tonumber(st.skipped) or 0) + missed
    redis.call('HINCRBY', KEYS[5], 'scheduleSkippedTotal', missed)
  end
end
if code == 1 then
  -- An existing task of this id means this tick fired already: count it once.
  if enqueue(taskId) then
    st.fires = (tonumber(st.fires) or 0) + 1
    redis.call('HINCRBY', KEYS[5], 'scheduleFiresTotal', 1)
  end
  st.last = now
  st.lastTaskId = taskId
end
st.next = nextAt
redis.call('HSET', KEYS[1], id, cjson.encode(st))
if nextAt >= 0 then
  redis.call('ZADD', KEYS[2], int(nextAt), id)
else
  redis.call('ZREM', KEYS[2], id)
end
return { code, int(nextAt), code == 1 and taskId or '' }
