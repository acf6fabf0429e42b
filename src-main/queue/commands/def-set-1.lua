--[[
  Sets or removes one field of a queue's registry definition (its JSON), atomically, so two
  settings changed at once by two processes both stand.

  KEYS[1] registry  HASH  queue name -> definition JSON

  ARGV[1] queue name
  ARGV[2] field
  ARGV[3] value as JSON ("" removes the field)

  Returns: the new definition JSON, or -1 when the queue does not exist.
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return -1 end
local def = cjson.decode(raw)
if ARGV[3] == '' then def[ARGV[2]] = nil else def[ARGV[2]] = cjson.decode(ARGV[3]) end
local out = cjson.encode(def)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
