--[[
  Starts a new generation of a queue's partitions (queue.rebalance): the current tags become a
  retired generation, drained by workers until empty, and the new tags take their place. One
  atomic registry update, checked against the generation the caller planned from.

  KEYS[1] registry  HASH  queue name -> definition JSON

  ARGV[1] queue name
  ARGV[2] the generation the caller read (0 when the definition has none)
  ARGV[3] the new generation's tags, as a JSON array
  ARGV[4] now (ms), stored as the retired generation's retiredAt and as the definition's
          rebalancedAt (with partitionsBefore: the retired generation's partition count)

  Returns: the new definition JSON; -1 when the queue does not exist; -2 when its generation is
  no longer ARGV[2] (another rebalance won).
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return -1 end
local def = cjson.decode(raw)
local gen = tonumber(def.generation) or 0
if gen ~= tonumber(ARGV[2]) then return -2 end
local retired = def.retired
if type(retired) ~= 'table' or next(retired) == nil then retired = {} end
retired[#retired + 1] = { generation = gen, tags = def.tags, retiredAt = tonumber(ARGV[4]) }
def.retired = retired
def.partitionsBefore = #def.tags
def.rebalancedAt = tonumber(ARGV[4])
def.tags = cjson.decode(ARGV[3])
def.partitions = #def.tags
def.generation = gen + 1
local out = cjson.encode(def)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
