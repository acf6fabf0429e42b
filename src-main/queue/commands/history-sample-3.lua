--[[
  Writes the partition's depth sample for the current minute (server clock) into its history,
  once: whichever worker (or console) calls first in a minute writes it, later calls change
  nothing, so any number of callers may call as often as they like.

  KEYS[1] wait        ZSET
  KEYS[2] data        HASH
  KEYS[3] histPrefix  prefix of the history buckets (`{tag}:hist:`, see includes/history.lua)

  The sample: the wait set's size, and the age of the task at its head (the next to run) from
  when it could run (its readyAt, else its createdAt), 0 when nothing waits. With priorities an
  older task behind the head is not seen; an unreadable head record leaves the age out.

  Returns: 1 written, 0 this minute had its sample already.
]]
-- @include common
-- @include history
local now = serverNow()
if histSampled(KEYS[3], now) then return 0 end
local depth = redis.call('ZCARD', KEYS[1])
local oldest = 0
if depth > 0 then
  oldest = -1
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  local rec = head and decodeRecord(redis.call('HGET', KEYS[2], head))
  if rec then
    local ready = tonumber(rec.readyAt) or tonumber(rec.createdAt)
    if ready then oldest = math.max(0, now - ready) end
  end
end
return histSample(KEYS[3], now, depth, oldest)
