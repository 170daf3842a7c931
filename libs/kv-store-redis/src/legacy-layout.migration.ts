import { type BlockKey } from '@tsukimi/kv-block';
import { type Redis } from 'ioredis';
import { encodeEntryBody } from './entry.codec';
import { decodeLegacyEntry } from './legacy-entry.codec';
import { LuaScript } from './lua.script';
import { checkedBlockKey, type MetadataKeys } from './metadata.keys';
import { PARSE_ENTRY } from './metadata.scripts';

/** Entries moved per script call: each call holds Redis for a moment only. */
const MIGRATE_CHUNK = 500;

/**
 * Moves one chunk of entries from the layout of earlier versions (a string `entry:<key>` each,
 * indexed by the `entries` and `replicas` sorted sets) into the buckets and per-node sets.
 * KEYS: 1 `entries`, 2 `replicas`, then per entry its legacy key and its bucket.
 * ARGV: 1 prefix of the per-node sets, then per entry its block key, the legacy value as read and
 * the value to store. An entry whose legacy value changed since it was read is left for the next
 * pass; one already gone is only dropped from the index. The ledger and the pending set mean the
 * same in both layouts and stay as they are. Answers how many entries it moved.
 */
const MIGRATE = new LuaScript(
  'migrate-legacy-entries',
  `${PARSE_ENTRY}
local moved = 0
for i = 1, (#KEYS - 2) / 2 do
  local legacy, bucket = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local key, read, value = ARGV[3 * i - 1], ARGV[3 * i], ARGV[3 * i + 1]
  local current = redis.call('GET', legacy)
  if current == read then
    redis.call('HSET', bucket, key, value)
    for _, replica in ipairs(parse(string.sub(value, string.find(value, '|', 1, true) + 1)).replicas) do
      redis.call('SADD', ARGV[1] .. replica.nodeId, key)
      redis.call('ZREM', KEYS[2], replica.nodeId .. '/' .. key)
    end
    redis.call('DEL', legacy)
    redis.call('ZREM', KEYS[1], key)
    moved = moved + 1
  elseif not current then
    redis.call('ZREM', KEYS[1], key)
  end
end
return moved
`,
);

/**
 * Moves the entries an earlier version stored into the current layout, a chunk at a time, and
 * answers how many it moved. Safe to run by several masters at once and to interrupt: each chunk
 * is atomic and re-checks what it read. Masters of the earlier version must be stopped first, as
 * they would keep writing the old layout.
 */
export async function migrateLegacyLayout(redis: Redis, keys: MetadataKeys): Promise<number> {
  const entries = `${keys.prefix}entries`;
  const replicas = `${keys.prefix}replicas`;
  let moved = 0;
  for (;;) {
    const blockKeys = (await redis.zrange(entries, 0, MIGRATE_CHUNK - 1)).map(checkedBlockKey);
    if (blockKeys.length === 0) break;
    const legacyKeys = blockKeys.map((key) => `${keys.prefix}entry:${key}`);
    const values = await redis.mget(...legacyKeys);
    const scriptKeys = [entries, replicas];
    const args: string[] = [keys.nodePrefix];
    blockKeys.forEach((key: BlockKey, i) => {
      const read = values[i] ?? '';
      const stored = read === '' ? '' : migrated(key, read);
      scriptKeys.push(legacyKeys[i]!, keys.bucket(key));
      args.push(key, read, stored);
    });
    moved += Number(await MIGRATE.run(redis, scriptKeys, args));
  }
  await redis.del(replicas);
  return moved;
}

function migrated(key: BlockKey, read: string): string {
  const entry = decodeLegacyEntry(key, read);
  return `${entry.revision}|${encodeEntryBody(entry)}`;
}
