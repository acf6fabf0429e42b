--[[
  Cancels one bounded batch of a state's tasks (waiting, delayed or active), in score order,
  optionally only those created at least olderThanMs ago. No state's score is a creation time
  (waiting: priority and sequence; delayed: due time; active: lease deadline), so the bound is
  applied to the record's createdAt. Waiting and delayed tasks move to cancelled; active ones are
  marked (their worker ends them). Callers loop until a batch comes back short.

  KEYS[1] source    ZSET
  KEYS[2] data      HASH
  KEYS[3] cancelled ZSET
  KEYS[4] meta      HASH
  KEYS[5] cancel    SET
  KEYS[6] expiry    ZSET
  KEYS[7] wait      ZSET  (to tell waiting from the others)
  KEYS[8] delayed   ZSET
  KEYS[9] active    ZSET

  ARGV[1] only tasks created at least this many ms ago by the server's clock (-1 = all)
  ARGV[2] batch size
  ARGV[3] how many of the oldest to skip (active tasks stay in their set while their cancel is pending)

  Returns: { handled, scanned }: tasks cancelled or marked, and how many ids were looked at.
]]
-- @include common
local now = serverNow()
local older = tonumber(ARGV[1])
local batch = tonumber(ARGV[2])
local skip = tonumber(ARGV[3])
local ids = redis.call('ZRANGE', KEYS[1], skip, skip + batch - 1)
local handled = 0
local active = KEYS[1] == KEYS[9]
for _, id in ipairs(ids) do
  local rec = decodeRecord(redis.call('HGET', KEYS[2], id))
  if rec and (older < 0 or (tonumber(rec.createdAt) or 0) <= now - older) then
    if active then
      if not rec.cancelRequested then
        rec.cancelRequested = true
        redis.call('HSET', KEYS[2], id, cjson.encode(rec))
      end
      redis.call('SADD', KEYS[5], id)
    else
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZREM', KEYS[6], id)
      cancelRecord(rec, id, now, KEYS[2], KEYS[3], KEYS[4], KEYS[5])
    end
    handled = handled + 1
  end
end
return { handled, #ids }
