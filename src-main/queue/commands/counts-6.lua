--[[
  Counts per state of one partition, in O(1).

  KEYS[1] wait  KEYS[2] delayed  KEYS[3] active  KEYS[4] completed  KEYS[5] failed  KEYS[6] meta

  Returns: { waiting, delayed, active, completed, failed, paused (0/1), completedTotal, failedTotal }.
  A key of the wrong type is reported as an error naming it, instead of a bare WRONGTYPE.
]]
local out = {}
for i = 1, 5 do
  local t = redis.call('TYPE', KEYS[i])['ok']
  if t ~= 'zset' and t ~= 'none' then
    return redis.error_reply('SLOTLINE_WRONGTYPE ' .. KEYS[i] .. ' is a ' .. t .. ', expected a zset')
  end
  out[i] = redis.call('ZCARD', KEYS[i])
end
local meta = redis.call('HMGET', KEYS[6], 'paused', 'completedTotal', 'failedTotal')
out[6] = meta[1] == '1' and 1 or 0
out[7] = tonumber(meta[2]) or 0
out[8] = tonumber(meta[3]) or 0
return out
