import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry, type BlockEntryDraft, type Replica } from '@tsukimi/kv-store';
import { checkedNodeId, checkedTier } from './metadata.keys';

/** Corrupt data in Redis is a broken invariant, not an expected outcome. */
export class CorruptMetadataError extends Error {
  override readonly name = 'CorruptMetadataError';
  readonly code = 'KV_STORE_REDIS_CORRUPT';
}

/** The integer fields of an entry body, in the order they are written. */
const INTEGERS = ['sizeBytes', 'blockIndex', 'createdAtMs', 'leaseExpiresAtMs', 'softPinExpiresAtMs', 'lastAccessMs', 'accessCount'] as const;
const STATUS = { p: 'pending', c: 'complete' } as const;

/**
 * An entry is stored as `<revision>|<body>`, the body space-separated fields:
 * `<p|c> sizeBytes blockIndex createdAtMs leaseExpiresAtMs softPinExpiresAtMs <0|1 hard pin>
 * lastAccessMs accessCount <nodeId>/<tier>...`, about 60 bytes for one replica where JSON took
 * 270. The swap script reads status, size and replicas from it to keep the indexes, so the order
 * is part of that script's contract. Node ids and tiers hold no space or slash. A body written as
 * JSON by an earlier version (starting with `{`) is still read.
 */
export function encodeEntryBody(draft: BlockEntryDraft): string {
  for (const name of INTEGERS) {
    if (!Number.isSafeInteger(draft[name]) || draft[name] < 0) throw new RangeError(`entry ${draft.key}: ${name} must be a non-negative integer, got ${draft[name]}`);
  }
  const replicas = draft.replicas.map(({ nodeId, tier }) => `${checkedNodeId(nodeId)}/${checkedTier(tier)}`).join(' ');
  const d = draft;
  return `${d.status === 'pending' ? 'p' : 'c'} ${d.sizeBytes} ${d.blockIndex} ${d.createdAtMs} ${d.leaseExpiresAtMs} ${d.softPinExpiresAtMs} ${d.hardPinned ? 1 : 0} ${d.lastAccessMs} ${d.accessCount} ${replicas}`;
}

export function decodeEntry(key: BlockKey, stored: string): BlockEntry {
  const [revision, body] = splitNumbered(stored, `entry ${key}`);
  if (body.startsWith('{')) return decodeJsonEntry(key, revision, body);
  const fields = body.split(' ');
  const status = STATUS[fields[0] as keyof typeof STATUS];
  if (status === undefined) throw new CorruptMetadataError(`entry ${key}: bad status`);
  const int = (at: number, name: string) => {
    const value = Number(fields[at]);
    if (fields[at] === '' || !Number.isSafeInteger(value)) throw new CorruptMetadataError(`entry ${key}: bad ${name}`);
    return value;
  };
  if (fields[6] !== '0' && fields[6] !== '1') throw new CorruptMetadataError(`entry ${key}: bad hardPinned`);
  return {
    key,
    revision,
    status,
    sizeBytes: int(1, 'sizeBytes'),
    replicas: fields.slice(9).map((replica) => decodeReplicaToken(replica, `entry ${key}`)),
    blockIndex: int(2, 'blockIndex'),
    createdAtMs: int(3, 'createdAtMs'),
    leaseExpiresAtMs: int(4, 'leaseExpiresAtMs'),
    softPinExpiresAtMs: int(5, 'softPinExpiresAtMs'),
    hardPinned: fields[6] === '1',
    lastAccessMs: int(7, 'lastAccessMs'),
    accessCount: int(8, 'accessCount'),
  };
}

function decodeReplicaToken(token: string, what: string): Replica {
  const slash = token.indexOf('/');
  if (slash < 1) throw new CorruptMetadataError(`${what}: bad replica`);
  try {
    return { nodeId: checkedNodeId(token.slice(0, slash)), tier: checkedTier(token.slice(slash + 1)) };
  } catch (cause) {
    throw new CorruptMetadataError(`${what}: bad replica`, { cause });
  }
}

function decodeJsonEntry(key: BlockKey, revision: number, body: string): BlockEntry {
  const json = parseObject(body, `entry ${key}`);
  const status = json['status'];
  if (status !== 'pending' && status !== 'complete') throw new CorruptMetadataError(`entry ${key}: bad status`);
  const replicas = json['replicas'];
  if (!Array.isArray(replicas)) throw new CorruptMetadataError(`entry ${key}: bad replicas`);
  const int = (name: string) => integer(json, name, `entry ${key}`);
  return {
    key,
    revision,
    status,
    sizeBytes: int('sizeBytes'),
    replicas: replicas.map((replica: unknown) => decodeReplica(replica, `entry ${key}`)),
    blockIndex: int('blockIndex'),
    createdAtMs: int('createdAtMs'),
    leaseExpiresAtMs: int('leaseExpiresAtMs'),
    softPinExpiresAtMs: int('softPinExpiresAtMs'),
    hardPinned: json['hardPinned'] === true,
    lastAccessMs: int('lastAccessMs'),
    accessCount: int('accessCount'),
  };
}

export function splitNumbered(stored: string, what: string): [number, string] {
  const bar = stored.indexOf('|');
  const number = Number(stored.slice(0, bar));
  if (bar < 1 || !Number.isSafeInteger(number)) throw new CorruptMetadataError(`${what}: no number before the body`);
  return [number, stored.slice(bar + 1)];
}

export function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CorruptMetadataError(`${what}: not JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptMetadataError(`${what}: not an object`);
  return value as Record<string, unknown>;
}

export function integer(json: Record<string, unknown>, name: string, what: string): number {
  const value = json[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CorruptMetadataError(`${what}: bad ${name}`);
  return value;
}

export function decodeReplica(value: unknown, what: string): Replica {
  if (typeof value !== 'object' || value === null) throw new CorruptMetadataError(`${what}: bad replica`);
  const { nodeId, tier } = value as Record<string, unknown>;
  return { nodeId: checkedNodeId(String(nodeId)), tier: checkedTier(String(tier)) };
}
