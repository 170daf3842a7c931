import { LuaScript } from './lua.script';

/**
 * The log keys come first in every script that touches the log: KEYS[1] epoch, KEYS[2] last id,
 * KEYS[3] events. The epoch is created on first use from the server's clock, and again if the
 * data was lost (a restarted Redis without persistence), so subscribers of the old log re-snapshot.
 * Integers are written with `%d`: Lua's default number format would switch to exponents.
 */
const EPOCH = `
local function epoch()
  local name = redis.call('GET', KEYS[1])
  if not name then
    local now = redis.call('TIME')
    name = string.format('%x%05x', tonumber(now[1]), tonumber(now[2]))
    redis.call('SET', KEYS[1], name)
  end
  return name
end
`;

/**
 * One compare-and-swap of one entry with its indexes and events.
 * KEYS: 1-3 log, 4 entry, 5 entries index, 6 pending set, 7 replicas index, 8 ledger.
 * ARGV: 1 block key, 2 expected revision (0: absent), 3 next body ('' deletes), 4 retention, 5.. event bodies.
 * Answers {1, revision, first event id} or {0, stored value or ''}.
 * The indexes are updated from the stored body, not from the writer's `expected`, so they stay
 * right even if a key was deleted and re-created at the same revision between read and swap.
 */
export const SWAP_ENTRY = new LuaScript(
  'swap-entry',
  `${EPOCH}
local key = ARGV[1]
local stored = redis.call('GET', KEYS[4])
local revision = 0
local body
if stored then
  local bar = string.find(stored, '|', 1, true)
  revision = tonumber(string.sub(stored, 1, bar - 1))
  body = string.sub(stored, bar + 1)
end
if revision ~= tonumber(ARGV[2]) then
  return {0, stored or ''}
end
-- An entry body: 'p|c size index created lease softPin hard lastAccess count node/tier...'
-- (entry.codec.ts), or JSON from an earlier version.
local function parse(text)
  if string.sub(text, 1, 1) == '{' then return cjson.decode(text) end
  local fields = {}
  for field in string.gmatch(text, '%S+') do fields[#fields + 1] = field end
  local replicas = {}
  for i = 10, #fields do
    local slash = string.find(fields[i], '/', 1, true)
    replicas[#replicas + 1] = {nodeId = string.sub(fields[i], 1, slash - 1), tier = string.sub(fields[i], slash + 1)}
  end
  return {status = fields[1] == 'p' and 'pending' or 'complete', sizeBytes = tonumber(fields[2]), replicas = replicas}
end
local function footprint(entry)
  local parts = {entry.status, string.format('%d', entry.sizeBytes)}
  for _, replica in ipairs(entry.replicas) do parts[#parts + 1] = replica.nodeId .. '/' .. replica.tier end
  return table.concat(parts, ' ')
end
local function account(entry, sign)
  if entry.status == 'pending' then
    redis.call(sign > 0 and 'SADD' or 'SREM', KEYS[6], key)
  end
  local delta = string.format('%d', sign * entry.sizeBytes)
  for _, replica in ipairs(entry.replicas) do
    local member = replica.nodeId .. '/' .. key
    if sign > 0 then redis.call('ZADD', KEYS[7], 0, member) else redis.call('ZREM', KEYS[7], member) end
    local field = replica.nodeId .. '/' .. replica.tier
    if redis.call('HINCRBY', KEYS[8], field, delta) == 0 then redis.call('HDEL', KEYS[8], field) end
  end
end
local before = body and parse(body)
local after = ARGV[3] ~= '' and parse(ARGV[3])
-- A read's lease or access count changes nothing indexed: skip the index work.
if not (before and after and footprint(before) == footprint(after)) then
  if before then account(before, -1) end
  if after then account(after, 1) end
end
local nextRevision = revision + 1
if ARGV[3] == '' then
  redis.call('DEL', KEYS[4])
  redis.call('ZREM', KEYS[5], key)
else
  redis.call('SET', KEYS[4], string.format('%d|', nextRevision) .. ARGV[3])
  if not stored then redis.call('ZADD', KEYS[5], 0, key) end
end
local count = #ARGV - 4
epoch()
local first = redis.call('INCRBY', KEYS[2], count) - count + 1
for i = 1, count do
  redis.call('RPUSH', KEYS[3], string.format('%d|', first + i - 1) .. ARGV[4 + i])
end
if count > 0 then redis.call('LTRIM', KEYS[3], string.format('%d', -tonumber(ARGV[4])), -1) end
return {1, nextRevision, first}
`,
);

/** KEYS: 1-3 log. Answers {epoch, last id}. */
export const LOG_HEAD = new LuaScript(
  'log-head',
  `${EPOCH}
local name = epoch()
return {name, tonumber(redis.call('GET', KEYS[2]) or '0')}
`,
);

/**
 * KEYS: 1-3 log. ARGV: 1 epoch, 2 after id, 3 limit.
 * Answers {epoch, last id, gap reason or '', event...}: the events after the id, or a gap when
 * the epoch differs, the id is ahead of the log, or the events after it were trimmed.
 */
export const EVENTS_SINCE = new LuaScript(
  'events-since',
  `${EPOCH}
local name = epoch()
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[1] ~= name then return {name, last, 'epoch'} end
local after = tonumber(ARGV[2])
if after > last then return {name, last, 'ahead'} end
local oldest = last - redis.call('LLEN', KEYS[3]) + 1
if after + 1 < oldest then return {name, last, 'expired'} end
local reply = {name, last, ''}
local limit = tonumber(ARGV[3])
if limit > 0 then
  local from = after + 1 - oldest
  local events = redis.call('LRANGE', KEYS[3], string.format('%d', from), string.format('%d', from + limit - 1))
  for i = 1, #events do reply[3 + i] = events[i] end
end
return reply
`,
);

export const METADATA_SCRIPTS = [SWAP_ENTRY, LOG_HEAD, EVENTS_SINCE] as const;
