--[[
  Drops a drained retired generation from a queue's definition (after its keys were removed).
  Idempotent: a generation already dropped leaves the definition as it is.

  KEYS[1] registry  HASH  queue name -> definition JSON

  ARGV[1] queue name
  ARGV[2] the retired generation to drop

  Returns: the definition JSON, or -1 when the queue does not exist.
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return -1 end
local def = cjson.decode(raw)
if type(def.retired) ~= 'table' then return raw end
local keep = {}
for _, r in ipairs(def.retired) do
  if tonumber(r.generation) ~= tonumber(ARGV[2]) then keep[#keep + 1] = r end
end
if #keep == #def.retired then return raw end
if #keep == 0 then def.retired = nil else def.retired = keep end
local out = cjson.encode(def)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
