import { LuaScript } from '@tsukimi/kv-store-redis';

/**
 * The token-bucket arithmetic of TokenBucket (libs/conductor) in Lua, so that replicas sharing a
 * Redis see one budget. A bucket is a hash {level, at}; a missing one is full, and each expires
 * once it would be full again. A tenant's reservations in flight are a sorted set of ids scored
 * by when their lease lapses, so a conductor that dies holding slots frees them at the lease's end.
 * KEYS: requests bucket, tokens bucket, reservations in flight (one hash tag: one Cluster slot).
 */
const BUCKET = `
local now = tonumber(ARGV[1])
local function level(key, perMinute)
  if perMinute <= 0 then return 0 end
  local state = redis.call('HMGET', key, 'level', 'at')
  if not state[1] then return perMinute end
  local elapsed = math.max(0, now - tonumber(state[2]))
  return math.min(perMinute, tonumber(state[1]) + elapsed * perMinute / 60000)
end
local function store(key, perMinute, value)
  if perMinute <= 0 then return end
  redis.call('HSET', key, 'level', tostring(value), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil((perMinute - value) * 60000 / perMinute) + 1000)
end
`;

/** ARGV: nowMs, requests/min, tokens/min, max concurrent, tokens, reservation id, lease ms. Returns {verdict, requests level, tokens level, in flight}. */
export const RESERVE = new LuaScript(
  'rate-limit-reserve',
  `${BUCKET}
local rpm, tpm, maxConcurrent = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens, id, leaseMs = tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[3])
local requests, budget = level(KEYS[1], rpm), level(KEYS[2], tpm)
local verdict = 'ok'
if maxConcurrent > 0 and inFlight >= maxConcurrent then verdict = 'concurrency'
elseif rpm > 0 and requests < 1 then verdict = 'requests'
elseif tpm > 0 and budget < tokens then verdict = 'tokens' end
if verdict == 'ok' then
  requests, budget = requests - 1, budget - tokens
  store(KEYS[1], rpm, requests)
  store(KEYS[2], tpm, budget)
  redis.call('ZADD', KEYS[3], now + leaseMs, id)
  redis.call('PEXPIRE', KEYS[3], leaseMs)
  inFlight = inFlight + 1
end
return {verdict, tostring(requests), tostring(budget), inFlight}
`,
);

/** ARGV: nowMs, requests/min, tokens/min, reservation id, requests back, tokens back. Returns 1, or 0 when the reservation had already ended or lapsed. */
export const GIVE_BACK = new LuaScript(
  'rate-limit-give-back',
  `${BUCKET}
local rpm, tpm = tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('ZREM', KEYS[3], ARGV[4]) == 0 then return 0 end
store(KEYS[1], rpm, math.min(rpm, level(KEYS[1], rpm) + tonumber(ARGV[5])))
store(KEYS[2], tpm, math.min(tpm, level(KEYS[2], tpm) + tonumber(ARGV[6])))
return 1
`,
);
