--[[
  Counts per state of one partition, in O(1).

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] cancelled
  KEYS[7] meta

  Returns: { waiting, delayed, active, completed, failed, cancelled, paused (0/1), completedTotal,
  failedTotal, cancelledTotal, timedOutTotal, expiredTotal, retentionRemovedTotal, lateResultsTotal, stalledTotal }.
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
  'timedOutTotal', 'expiredTotal', 'retentionRemovedTotal', 'lateResultsTotal', 'stalledTotal')
out[7] = meta[1] == '1' and 1 or 0
for i = 2, 9 do out[6 + i] = tonumber(meta[i]) or 0 end
return out
