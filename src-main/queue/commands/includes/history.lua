-- A partition's history (src-main/queue/history/history-layout.ts has the whole design): HASH
-- keys named by the partition's history prefix (`{tag}:hist:`, passed in KEYS) and a bucket
-- number, in two tiers. `m:<minute>` (minute = floor(ms / 60000), server clock) expires 24 h
-- after its minute ends, `t:<ten>` (floor(ms / 600000)) 7 days after its ten minutes end; so at
-- most 1441 + 1009 keys per partition exist, and nothing has to trim them. Fields: c completed,
-- f failed for good, e failed attempts retried, w<k> / r<k> wait / run latencies in bucket k
-- (latency-buckets.ts), d waiting depth sample, o age (ms) of the head of the wait set, and in
-- ten-minute buckets z, the mask of their minutes sampled with nothing waiting (see histSample).
-- Needs common (int).
local HIST_MINUTE_MS = 60000
local HIST_TEN_MS = 600000
local HIST_KEEP_MINUTE_MS = 86400000
local HIST_KEEP_TEN_MS = 604800000

local function histKeys(prefix, now)
  local minute = math.floor(now / HIST_MINUTE_MS)
  local ten = math.floor(now / HIST_TEN_MS)
  return prefix .. 'm:' .. int(minute), prefix .. 't:' .. int(ten),
    int((minute + 1) * HIST_MINUTE_MS + HIST_KEEP_MINUTE_MS), int((ten + 1) * HIST_TEN_MS + HIST_KEEP_TEN_MS),
    bit.lshift(1, minute % 10)
end

-- Adds n to field f of a script's pending history counts.
local function histBump(acc, f, n)
  acc[f] = (acc[f] or 0) + n
end

-- Counts a latency bucket number given in ARGV in `t`, keyed by its text as it came ('-1': not
-- measured): no number is parsed or formatted per task, only per distinct bucket in histAdd.
local function histLatency(t, arg)
  if arg ~= '-1' then t[arg] = (t[arg] or 0) + 1 end
end

-- Adds the pending counts `acc` (field -> n) and latency counts `waits` / `runs` (bucket text ->
-- n, optional) to both tiers' buckets of `now`, `lead` (the field most likely to exist) first. A key gets its expiry in the call that creates it: when the first
-- field's new value is its increment, that field (so maybe the key) is new; otherwise the key
-- existed, and whoever created it set its expiry. The expiries are set last, so a bucket time
-- already past its keep (only the tests' explicit times) leaves no key behind.
local function histAdd(prefix, now, acc, lead, waits, runs)
  local list = {}
  if acc[lead] then list[1], list[2] = lead, acc[lead] end
  for f, n in pairs(acc) do
    if f ~= lead then list[#list + 1], list[#list + 2] = f, n end
  end
  for k, n in pairs(waits or {}) do list[#list + 1], list[#list + 2] = 'w' .. k, n end
  for k, n in pairs(runs or {}) do list[#list + 1], list[#list + 2] = 'r' .. k, n end
  if #list == 0 then return end
  local mk, tk, mExp, tExp = histKeys(prefix, now)
  local newM = redis.call('HINCRBY', mk, list[1], list[2]) == list[2]
  local newT = redis.call('HINCRBY', tk, list[1], list[2]) == list[2]
  for i = 3, #list, 2 do
    redis.call('HINCRBY', mk, list[i], list[i + 1])
    redis.call('HINCRBY', tk, list[i], list[i + 1])
  end
  if newM then redis.call('PEXPIREAT', mk, mExp) end
  if newT then redis.call('PEXPIREAT', tk, tExp) end
end

-- True when the minute of `now` has its depth sample already: `d` in its minute bucket, or its
-- bit in the ten-minute bucket's `z` (a mask of its minutes sampled with nothing waiting).
local function histSampled(prefix, now)
  local mk, tk, _, _, minuteBit = histKeys(prefix, now)
  if redis.call('HEXISTS', mk, 'd') == 1 then return true end
  return bit.band(tonumber(redis.call('HGET', tk, 'z')) or 0, minuteBit) ~= 0
end

-- Writes the depth sample of the minute of `now` once: the first caller in a minute wins, any
-- later one changes nothing; `oldest` < 0 means unknown. The ten-minute bucket keeps the largest
-- sample of its minutes. An empty wait set in a minute that has no bucket yet (an idle queue) sets
-- the minute's bit in the ten-minute bucket's `z` instead of creating a minute bucket, so an idle
-- partition holds ten-minute buckets only. Returns 1 when written, 0 when the minute had one.
local function histSample(prefix, now, depth, oldest)
  if histSampled(prefix, now) then return 0 end
  local mk, tk, mExp, tExp, minuteBit = histKeys(prefix, now)
  local tenExisted = redis.call('EXISTS', tk) == 1
  if depth == 0 and redis.call('EXISTS', mk) == 0 then
    redis.call('HSET', tk, 'z', bit.bor(tonumber(redis.call('HGET', tk, 'z')) or 0, minuteBit))
  else
    redis.call('HSET', mk, 'd', depth)
    if oldest >= 0 then redis.call('HSET', mk, 'o', int(oldest)) end
    redis.call('PEXPIREAT', mk, mExp)
    local seen = redis.call('HMGET', tk, 'd', 'o')
    if not seen[1] or depth > tonumber(seen[1]) then redis.call('HSET', tk, 'd', depth) end
    if oldest >= 0 and (not seen[2] or oldest > tonumber(seen[2])) then redis.call('HSET', tk, 'o', int(oldest)) end
  end
  if not tenExisted then redis.call('PEXPIREAT', tk, tExp) end
  return 1
end
