import { LuaScript } from '@tsukimi/kv-store-redis';

/**
 * The quota math of LeaseLedger (libs/conductor) in Lua, so that conductors sharing a Redis see one
 * account per tenant. A tenant's leases are one hash, lease id -> "expiresAtMs:sizeBytes", which
 * expires a grace period after its last lease so that a conductor's sweep still finds (and counts)
 * the leases that ran out. Numbers go back as strings: Redis truncates Lua numbers to integers.
 * KEYS: the tenant's lease hash.
 */
const COMMON = `
local now = tonumber(ARGV[1])
local function fmt(n) return string.format('%.17g', n) end
local function parse(v)
  local e, b = string.match(v, '^([^:]+):(.+)$')
  return tonumber(e), tonumber(b)
end
local function load()
  local all = redis.call('HGETALL', KEYS[1])
  local leases, gone = {}, {}
  for i = 1, #all, 2 do
    local e, b = parse(all[i + 1])
    if e > now then leases[all[i]] = {e, b} else gone[#gone + 1] = all[i] end
  end
  return leases, gone
end
local function drop(gone)
  if #gone > 0 then redis.call('HDEL', KEYS[1], unpack(gone)) end
end
`;

/** Expiry of a tenant's hash past its last lease. */
export const LEASE_KEY_GRACE_MS = 60_000;

/**
 * ARGV: nowMs, quota byte-seconds (-1: none), then id, bytes, ttl ms for each lease. Returns
 * {'ok', expired, {{id, kind, expiresAtMs, previousExpiresAtMs or '', cost}...}} or
 * {'over-quota', 0, cost, available, held bytes}, booking nothing.
 */
export const CHARGE = new LuaScript(
  'prompt-cache-charge',
  `${COMMON}
local quota = tonumber(ARGV[2])
local leases, gone = load()
local held, heldBytes = 0, 0
for _, l in pairs(leases) do
  held = held + l[2] * (l[1] - now) / 1000
  heldBytes = heldBytes + l[2]
end
local out, total, changed = {}, 0, {}
for i = 3, #ARGV, 3 do
  local id, b, ttl = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local cur = leases[id]
  local e, from, kind, prev = now + ttl, now, 'created', ''
  if cur then
    e, from, kind, prev = math.max(now + ttl, cur[1]), cur[1], 'renewed', fmt(cur[1])
  end
  local cost = b * (e - from) / 1000
  total = total + cost
  out[#out + 1] = {id, kind, fmt(e), prev, fmt(cost)}
  leases[id] = {e, b}
  changed[id] = true
end
local available = math.max(0, quota - held)
if quota >= 0 and total > 0 and total > available then
  return {'over-quota', 0, fmt(total), fmt(available), fmt(heldBytes)}
end
drop(gone)
local last = 0
for id, l in pairs(leases) do
  if changed[id] then redis.call('HSET', KEYS[1], id, fmt(l[1]) .. ':' .. fmt(l[2])) end
  if l[1] > last then last = l[1] end
end
if last > 0 then redis.call('PEXPIREAT', KEYS[1], string.format('%d', last + ${LEASE_KEY_GRACE_MS})) end
return {'ok', #gone, out}
`,
);

/** ARGV: nowMs, then id, granted expiresAtMs, previous expiresAtMs or '' for each lease. Returns the number given back. */
export const RELEASE = new LuaScript(
  'prompt-cache-release',
  `${COMMON}
local n = 0
for i = 2, #ARGV, 3 do
  local v = redis.call('HGET', KEYS[1], ARGV[i])
  if v then
    local e, b = parse(v)
    if e == tonumber(ARGV[i + 1]) then
      local prev = tonumber(ARGV[i + 2])
      if prev and prev > now then redis.call('HSET', KEYS[1], ARGV[i], fmt(prev) .. ':' .. fmt(b)) else redis.call('HDEL', KEYS[1], ARGV[i]) end
      n = n + 1
    end
  end
end
return n
`,
);

/** ARGV: nowMs. Drops the leases run out; returns {held bytes, how many it dropped}. */
export const HELD = new LuaScript(
  'prompt-cache-held',
  `${COMMON}
local leases, gone = load()
drop(gone)
local heldBytes = 0
for _, l in pairs(leases) do heldBytes = heldBytes + l[2] end
return {fmt(heldBytes), #gone}
`,
);
