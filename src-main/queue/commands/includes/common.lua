-- Shared helpers, included at load time by every script that needs them.

-- Wait-list score: higher priority first, FIFO within a priority. 2^43 sequence numbers per
-- priority level keep the score an exact integer below 2^53 for priorities 0..1000.
local function waitScore(metaKey, priority)
  local seq = redis.call('HINCRBY', metaKey, 'seq', 1)
  return (1000 - (tonumber(priority) or 0)) * 8796093022208 + seq
end

-- Redis formats Lua numbers with 14 significant digits; scores need every digit.
local function int(n)
  return string.format('%d', n)
end

-- A record that does not decode is reported as corrupt instead of failing the whole script.
local function decodeRecord(raw)
  if not raw then return nil end
  local ok, rec = pcall(cjson.decode, raw)
  if ok and type(rec) == 'table' then return rec end
  return false
end

local HISTORY_MAX = 10

local function pushHistory(rec, entry)
  local h = rec.history
  if type(h) ~= 'table' then h = {} end
  h[#h + 1] = entry
  while #h > HISTORY_MAX do table.remove(h, 1) end
  rec.history = h
end

-- Closes the newest running attempt with an outcome.
local function closeHistory(rec, outcome, now, err)
  local h = rec.history
  if type(h) ~= 'table' or #h == 0 then return end
  local last = h[#h]
  if last.outcome == 'running' then
    last.outcome = outcome
    last.endedAt = now
    if err then last.error = err end
  end
end

-- Wakes one blocked worker; the marker list never holds more than one element.
local function signal(markerKey, metaKey)
  if redis.call('HGET', metaKey, 'paused') == '1' then return end
  if redis.call('LLEN', markerKey) == 0 then redis.call('RPUSH', markerKey, '1') end
end
