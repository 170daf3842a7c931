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
 * Status, size and replicas of an entry body (entry.codec.ts): `<p|c|P|C><size in base 36> ...`,
 * the replicas being the fields with a slash. Shared by the scripts that keep the indexes.
 */
export const PARSE_ENTRY = `
local function parse(text)
  local first = string.match(text, '^%S+')
  local replicas = {}
  for nodeId, tier in string.gmatch(text, ' ([^ /]+)/([^ ]+)') do
    replicas[#replicas + 1] = {nodeId = nodeId, tier = tier}
  end
  return {status = string.lower(string.sub(first, 1, 1)) == 'p' and 'pending' or 'complete', sizeBytes = tonumber(string.sub(first, 2), 36), replicas = replicas}
end
`;

/**
 * Compare-and-swap of many entries, each on its own, in order, with their indexes and events.
 * KEYS: 1-3 log, 4 pending set, 5 ledger, 6.. the bucket of each change, in order.
 * ARGV: 1 retention, 2 prefix of the per-node sets, then per change: block key, expected revision
 * (0: absent), next body ('' deletes), event count, the event bodies.
 * Answers three values per change: {1, revision, first event id} or {0, stored value or '', 0}.
 * The indexes are updated from the stored body, not from the writer's `expected`, so they stay
 * right even if a key was deleted and re-created at the same revision between read and swap.
 * The per-node sets are named from the replicas in the bodies, so under Redis Cluster the prefix
 * must carry a hash tag (every key of the pool in one slot).
 */
export const SWAP_ENTRIES = new LuaScript(
  'swap-entries',
  `${EPOCH}${PARSE_ENTRY}
local function footprint(entry)
  local parts = {entry.status, string.format('%d', entry.sizeBytes)}
  for _, replica in ipairs(entry.replicas) do parts[#parts + 1] = replica.nodeId .. '/' .. replica.tier end
  return table.concat(parts, ' ')
end
local function account(key, entry, sign)
  if entry.status == 'pending' then
    redis.call(sign > 0 and 'SADD' or 'SREM', KEYS[4], key)
  end
  local delta = string.format('%d', sign * entry.sizeBytes)
  for _, replica in ipairs(entry.replicas) do
    redis.call(sign > 0 and 'SADD' or 'SREM', ARGV[2] .. replica.nodeId, key)
    local field = replica.nodeId .. '/' .. replica.tier
    if redis.call('HINCRBY', KEYS[5], field, delta) == 0 then redis.call('HDEL', KEYS[5], field) end
  end
end
epoch()
local reply = {}
local logged = 0
local at = 3
for change = 1, #KEYS - 5 do
  local bucket, key, expected, nextBody, count = KEYS[5 + change], ARGV[at], tonumber(ARGV[at + 1]), ARGV[at + 2], tonumber(ARGV[at + 3])
  local firstEvent = at + 4
  at = firstEvent + count
  local stored = redis.call('HGET', bucket, key)
  local revision = 0
  local body
  if stored then
    local bar = string.find(stored, '|', 1, true)
    revision = tonumber(string.sub(stored, 1, bar - 1))
    body = string.sub(stored, bar + 1)
  end
  if revision ~= expected then
    reply[#reply + 1] = 0
    reply[#reply + 1] = stored or ''
    reply[#reply + 1] = 0
  else
    local before = body and parse(body)
    local after = nextBody ~= '' and parse(nextBody)
    -- A read's lease or access count changes nothing indexed: skip the index work.
    if not (before and after and footprint(before) == footprint(after)) then
      if before then account(key, before, -1) end
      if after then account(key, after, 1) end
    end
    local nextRevision = revision + 1
    if nextBody == '' then
      redis.call('HDEL', bucket, key)
    else
      redis.call('HSET', bucket, key, string.format('%d|', nextRevision) .. nextBody)
    end
    local first = redis.call('INCRBY', KEYS[2], count) - count + 1
    for i = 0, count - 1 do
      redis.call('RPUSH', KEYS[3], string.format('%d|', first + i) .. ARGV[firstEvent + i])
    end
    logged = logged + count
    reply[#reply + 1] = 1
    reply[#reply + 1] = nextRevision
    reply[#reply + 1] = first
  end
end
if logged > 0 then redis.call('LTRIM', KEYS[3], string.format('%d', -tonumber(ARGV[1])), -1) end
return reply
`,
);

/** KEYS: each key's bucket; ARGV: the block keys, in the same order. Answers the stored values, nil where absent. */
export const GET_ENTRIES = new LuaScript(
  'get-entries',
  `
local values = {}
for i = 1, #KEYS do
  values[i] = redis.call('HGET', KEYS[i], ARGV[i])
end
return values
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

/**
 * Reads whole buckets in order from ARGV[2] until at least ARGV[4] entries are read or ARGV[3]
 * buckets are passed; bucket names are ARGV[1] followed by the number (so, as for the swap, a
 * hash-tagged prefix under Redis Cluster). Answers {next bucket, key, value, key, value...}:
 * empty buckets cost the server a lookup each and the client nothing.
 */
export const SCAN_BUCKETS = new LuaScript(
  'scan-buckets',
  `
local bucket, buckets, wanted = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local reply = {0}
while bucket < buckets and (#reply - 1) / 2 < wanted do
  local fields = redis.call('HGETALL', ARGV[1] .. string.format('%d', bucket))
  for i = 1, #fields do reply[#reply + 1] = fields[i] end
  bucket = bucket + 1
end
reply[1] = bucket
return reply
`,
);

export const METADATA_SCRIPTS = [SWAP_ENTRIES, GET_ENTRIES, SCAN_BUCKETS, LOG_HEAD, EVENTS_SINCE] as const;
