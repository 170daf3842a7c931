import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry, type BlockEntryDraft, type Replica } from '@tsukimi/kv-store';
import { checkedNodeId, checkedTier } from './metadata.keys';

/** Corrupt data in Redis is a broken invariant, not an expected outcome. */
export class CorruptMetadataError extends Error {
  override readonly name = 'CorruptMetadataError';
  readonly code = 'KV_STORE_REDIS_CORRUPT';
}

/** The integer fields of an entry, each checked before it is written. */
const INTEGERS = ['sizeBytes', 'blockIndex', 'createdAtMs', 'leaseExpiresAtMs', 'softPinExpiresAtMs', 'lastAccessMs', 'accessCount'] as const;
/** Status letter, upper case when hard-pinned. */
const STATUS = { p: ['pending', false], c: ['complete', false], P: ['pending', true], C: ['complete', true] } as const;
const BASE36 = /^-?[0-9a-z]+$/;
const FIELDS_BEFORE_REPLICAS = 7;

/**
 * An entry is stored as `<revision>|<body>`, the body space-separated base-36 integers and then
 * the replicas: `<p|c|P|C><sizeBytes> <blockIndex> <createdAtMs> <lease> <soft pin> <last access>
 * <accessCount> <nodeId>/<tier>...`, where the status letter is upper case for a hard pin and the
 * three other times are stored as their distance from `createdAtMs` (empty for 0). About 45 bytes
 * for one replica, so that a bucket's hash stays in Redis's compact encoding (values up to 64
 * bytes by default). The swap script reads the status, the size and the replicas (the fields with
 * a slash) from it to keep the indexes, so this form is part of that script's contract.
 */
export function encodeEntryBody(draft: BlockEntryDraft): string {
  for (const name of INTEGERS) {
    if (!Number.isSafeInteger(draft[name]) || draft[name] < 0) throw new RangeError(`entry ${draft.key}: ${name} must be a non-negative integer, got ${draft[name]}`);
  }
  const d = draft;
  const since = (ms: number) => (ms === 0 ? '' : (ms - d.createdAtMs).toString(36));
  const status = d.status === 'pending' ? 'p' : 'c';
  const replicas = d.replicas.map(({ nodeId, tier }) => ` ${checkedNodeId(nodeId)}/${checkedTier(tier)}`).join('');
  return `${d.hardPinned ? status.toUpperCase() : status}${d.sizeBytes.toString(36)} ${d.blockIndex.toString(36)} ${d.createdAtMs.toString(36)} ${since(d.leaseExpiresAtMs)} ${since(d.softPinExpiresAtMs)} ${since(d.lastAccessMs)} ${d.accessCount.toString(36)}${replicas}`;
}

/** An entry as stored, `<revision>|<body>`. */
export function decodeEntry(key: BlockKey, stored: string): BlockEntry {
  const [revision, body] = splitNumbered(stored, `entry ${key}`);
  const fields = body.split(' ');
  const what = `entry ${key}`;
  const status = STATUS[body.charAt(0) as keyof typeof STATUS];
  if (status === undefined || fields.length < FIELDS_BEFORE_REPLICAS) throw new CorruptMetadataError(`${what}: malformed`);
  /** `since`: the field is a distance from it, empty for 0. */
  const int = (text: string, name: string, since?: number) => {
    const value = since !== undefined && text === '' ? 0 : (since ?? 0) + (BASE36.test(text) ? parseInt(text, 36) : NaN);
    if (!Number.isSafeInteger(value) || value < 0) throw new CorruptMetadataError(`${what}: bad ${name}`);
    return value;
  };
  const createdAtMs = int(fields[2]!, 'createdAtMs');
  return {
    key,
    revision,
    status: status[0],
    sizeBytes: int(fields[0]!.slice(1), 'sizeBytes'),
    replicas: fields.slice(FIELDS_BEFORE_REPLICAS).map((token) => decodeReplicaToken(token, what)),
    blockIndex: int(fields[1]!, 'blockIndex'),
    createdAtMs,
    leaseExpiresAtMs: int(fields[3]!, 'leaseExpiresAtMs', createdAtMs),
    softPinExpiresAtMs: int(fields[4]!, 'softPinExpiresAtMs', createdAtMs),
    hardPinned: status[1],
    lastAccessMs: int(fields[5]!, 'lastAccessMs', createdAtMs),
    accessCount: int(fields[6]!, 'accessCount'),
  };
}

export function decodeReplicaToken(token: string, what: string): Replica {
  const slash = token.indexOf('/');
  if (slash < 1) throw new CorruptMetadataError(`${what}: bad replica`);
  try {
    return { nodeId: checkedNodeId(token.slice(0, slash)), tier: checkedTier(token.slice(slash + 1)) };
  } catch (cause) {
    throw new CorruptMetadataError(`${what}: bad replica`, { cause });
  }
}

export function splitNumbered(stored: string, what: string): [number, string] {
  const bar = stored.indexOf('|');
  const number = Number(stored.slice(0, bar));
  if (bar < 1 || !Number.isSafeInteger(number)) throw new CorruptMetadataError(`${what}: no number before the body`);
  return [number, stored.slice(bar + 1)];
}
