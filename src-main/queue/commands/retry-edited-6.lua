--[[
  Requeues one failed or cancelled task with a new payload (an operator's edit-and-retry):
  the payload is replaced, the edit is kept in the record's `edits` (who, when, the previous
  payload, at most the newest 10), attempts reset as for any requeue, and the task waits again.
  A task in any other state, unknown or unreadable is left alone.

  KEYS[1] failed    ZSET
  KEYS[2] cancelled ZSET
  KEYS[3] wait      ZSET
  KEYS[4] data      HASH
  KEYS[5] meta      HASH
  KEYS[6] marker    LIST

  ARGV[1] id
  ARGV[2] the new payload's JSON text (stored verbatim)
  ARGV[3] who edited it

  Returns: 1 requeued, 0 unknown id, -1 not failed or cancelled, -2 unreadable record.
]]
-- @include common
local now = serverNow()
local id = ARGV[1]
local from
if redis.call('ZSCORE', KEYS[1], id) then
  from = KEYS[1]
elseif redis.call('ZSCORE', KEYS[2], id) then
  from = KEYS[2]
end
if not from then
  if redis.call('HEXISTS', KEYS[4], id) == 1 then return -1 end
  return 0
end
local rec = decodeRecord(redis.call('HGET', KEYS[4], id))
if not rec then return -2 end
local edits = rec.edits
if type(edits) ~= 'table' then edits = {} end
edits[#edits + 1] = { at = now, by = ARGV[3], previous = rec.payload }
while #edits > 10 do table.remove(edits, 1) end
rec.edits = edits
rec.payload = ARGV[2]
redis.call('ZREM', from, id)
requeueRecord(rec, id, now, KEYS[4], KEYS[3], KEYS[5])
signal(KEYS[6], KEYS[5])
return 1
