--[[
  One change of a shared alert, atomically: the firing alerts every console sees, their history,
  and snoozes. Whichever console's engine wins a `fire` or `resolve` delivers it; the others get 0.

  KEYS[1] active   HASH   alert key -> alert JSON (firing alerts)
  KEYS[2] history  STREAM capped (XADD MAXLEN ~ ARGV[5]); field `e` = JSON {event, at, who?, alert}
  KEYS[3] snoozes  HASH   alert key -> snoozed until (ms)

  ARGV[1] op: fire | resolve | ack | snooze
  ARGV[2] alert key
  ARGV[3] fire/resolve: the alert JSON; ack/snooze: who
  ARGV[4] now (ms, the caller's clock)
  ARGV[5] history cap
  ARGV[6] snooze: until (ms)

  Returns: the stored alert JSON after the change, or 0 when there is nothing to do (fire: already
  firing; resolve, ack, snooze: not firing).
]]
local op, key, now = ARGV[1], ARGV[2], tonumber(ARGV[4])
local function history(event, alert, who)
  local e = { event = event, at = now, alert = alert }
  if who ~= '' then e.who = who end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'e', cjson.encode(e))
end
local stored = redis.call('HGET', KEYS[1], key)
if op == 'fire' then
  if stored then return 0 end
  local alert = cjson.decode(ARGV[3])
  local snoozed = tonumber(redis.call('HGET', KEYS[3], key))
  if snoozed and snoozed > now then alert.snoozedUntil = snoozed
  elseif snoozed then redis.call('HDEL', KEYS[3], key) end
  local json = cjson.encode(alert)
  redis.call('HSET', KEYS[1], key, json)
  history('firing', alert, '')
  return json
end
if not stored then return 0 end
local old = cjson.decode(stored)
if op == 'resolve' then
  local alert = cjson.decode(ARGV[3])
  alert.ackedAt, alert.ackedBy, alert.snoozedUntil = old.ackedAt, old.ackedBy, old.snoozedUntil
  redis.call('HDEL', KEYS[1], key)
  history('resolved', alert, '')
  return cjson.encode(alert)
end
if op == 'ack' then
  old.ackedAt, old.ackedBy = now, ARGV[3]
  history('acked', old, ARGV[3])
elseif op == 'snooze' then
  old.snoozedUntil = tonumber(ARGV[6])
  redis.call('HSET', KEYS[3], key, ARGV[6])
  history('snoozed', old, ARGV[3])
else
  return redis.error_reply('SLOTLINE_ARGUMENT unknown alert op ' .. op)
end
local json = cjson.encode(old)
redis.call('HSET', KEYS[1], key, json)
return json
