--[[
  Counts per state of one partition, in O(1); with ARGV[1] = 1 also when the task at the head of
  the wait set was created.

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] meta  KEYS[8] data (read only with ARGV[1] = 1)

  ARGV[1] 1 = also read the head of the wait set, else 0 (the sampler's every-second read)

  Returns: { waiting, delayed, active, completed, failed, cancelled, paused (0/1), completedTotal,
  failedTotal, cancelledTotal, timedOutTotal, expiredTotal, retentionRemovedTotal, lateResultsTotal,
  scheduleFiresTotal, scheduleSkippedTotal, stalledTotal }, and with ARGV[1] = 1 an 18th value: the
  head task's createdAt (ms), or -1 when nothing waits or its record is unreadable. The head is
  the next task to run (priority, then order), so with priorities an older task behind it is not seen.
  A key of the wrong type is reported as an error naming it, instead of a bare WRONGTYPE.
]]
local out = {}
for i = 1, 6 do
  local t = redis.call('TYPE', KEYS[i])['ok']
  if t ~= 'zset' and t ~= 'none' then
    return redis.error_reply('SLOTLINE_WRONGTYPE ' .. KEYS[i] .. ' is a ' .. t .. ', expected a zset')
  end
  out[i] = redis.call('ZCARD', KEYS[i])
end
local meta = redis.call('HMGET', KEYS[7], 'paused', 'completedTotal', 'failedTotal', 'cancelledTotal',
  'timedOutTotal', 'expiredTotal', 'retentionRemovedTotal', 'lateResultsTotal', 'scheduleFiresTotal',
  'scheduleSkippedTotal', 'stalledTotal')
out[7] = meta[1] == '1' and 1 or 0
for i = 2, 11 do out[6 + i] = tonumber(meta[i]) or 0 end
if ARGV[1] == '1' then
  local created = -1
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if head then
    local raw = redis.call('HGET', KEYS[8], head)
    if raw then
      local ok, rec = pcall(cjson.decode, raw)
      if ok and type(rec) == 'table' and type(rec.createdAt) == 'number' then created = rec.createdAt end
    end
  end
  out[18] = created
end
return out
