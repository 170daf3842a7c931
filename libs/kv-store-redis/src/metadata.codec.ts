import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry, type BlockEntryDraft, type IndexEvent, type IndexEventDraft, type NodeRecord, type Replica, type TierBytes } from '@tsukimi/kv-store';
import { checkedBlockKey, checkedNodeId, checkedTier } from './metadata.keys';

/**
 * How entries, events and node records are stored. An entry is `<revision>|<json>` and an event
 * `<id>|<json>`, so the Lua scripts read and stamp the number without re-encoding the JSON (Redis's
 * cjson would round numbers to 14 digits). The entry's JSON is what the swap script reads to keep
 * the indexes, so its field names are part of that script's contract.
 */

/** Corrupt data in Redis is a broken invariant, not an expected outcome. */
export class CorruptMetadataError extends Error {
  override readonly name = 'CorruptMetadataError';
  readonly code = 'KV_STORE_REDIS_CORRUPT';
}

export function encodeEntryBody(draft: BlockEntryDraft): string {
  for (const key of ['sizeBytes', 'blockIndex', 'createdAtMs', 'leaseExpiresAtMs', 'softPinExpiresAtMs', 'lastAccessMs', 'accessCount'] as const) {
    if (!Number.isSafeInteger(draft[key]) || draft[key] < 0) throw new RangeError(`entry ${draft.key}: ${key} must be a non-negative integer, got ${draft[key]}`);
  }
  return JSON.stringify({
    status: draft.status,
    sizeBytes: draft.sizeBytes,
    replicas: draft.replicas.map(({ nodeId, tier }) => ({ nodeId: checkedNodeId(nodeId), tier: checkedTier(tier) })),
    blockIndex: draft.blockIndex,
    createdAtMs: draft.createdAtMs,
    leaseExpiresAtMs: draft.leaseExpiresAtMs,
    softPinExpiresAtMs: draft.softPinExpiresAtMs,
    hardPinned: draft.hardPinned,
    lastAccessMs: draft.lastAccessMs,
    accessCount: draft.accessCount,
  });
}

export function decodeEntry(key: BlockKey, stored: string): BlockEntry {
  const [revision, body] = splitNumbered(stored, `entry ${key}`);
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

export function encodeEventDraft(draft: IndexEventDraft): string {
  return JSON.stringify({ kind: draft.kind, key: checkedBlockKey(draft.key), nodeId: checkedNodeId(draft.nodeId), tier: checkedTier(draft.tier) });
}

export function decodeEvent(stored: string): IndexEvent {
  const [id, body] = splitNumbered(stored, 'event');
  const json = parseObject(body, `event ${id}`);
  const kind = json['kind'];
  if (kind !== 'stored' && kind !== 'removed') throw new CorruptMetadataError(`event ${id}: bad kind`);
  const { nodeId, tier } = decodeReplica(json, `event ${id}`);
  return { id, kind, key: checkedBlockKey(String(json['key'])), nodeId, tier };
}

export function encodeNodeRecord(record: NodeRecord): string {
  return JSON.stringify({
    nodeId: checkedNodeId(record.nodeId),
    capacityBytes: record.capacityBytes,
    reportedUsedBytes: record.reportedUsedBytes,
    ...(record.dataAddress ? { dataAddress: { host: record.dataAddress.host, port: record.dataAddress.port } } : {}),
    joinedAtMs: record.joinedAtMs,
    lastHeartbeatMs: record.lastHeartbeatMs,
  });
}

export function decodeNodeRecord(stored: string): NodeRecord {
  const json = parseObject(stored, 'node record');
  return {
    nodeId: checkedNodeId(String(json['nodeId'])),
    capacityBytes: tierBytes(json['capacityBytes']),
    reportedUsedBytes: tierBytes(json['reportedUsedBytes']),
    ...dataAddress(json['dataAddress']),
    joinedAtMs: integer(json, 'joinedAtMs', 'node record'),
    lastHeartbeatMs: integer(json, 'lastHeartbeatMs', 'node record'),
  };
}

function dataAddress(value: unknown): { dataAddress?: { host: string; port: number } } {
  if (typeof value !== 'object' || value === null) return {};
  const { host, port } = value as Record<string, unknown>;
  if (typeof host !== 'string' || typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new CorruptMetadataError(`node record: bad dataAddress ${JSON.stringify(value).slice(0, 80)}`);
  return { dataAddress: { host, port } };
}

function splitNumbered(stored: string, what: string): [number, string] {
  const bar = stored.indexOf('|');
  const number = Number(stored.slice(0, bar));
  if (bar < 1 || !Number.isSafeInteger(number)) throw new CorruptMetadataError(`${what}: no number before the body`);
  return [number, stored.slice(bar + 1)];
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CorruptMetadataError(`${what}: not JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptMetadataError(`${what}: not an object`);
  return value as Record<string, unknown>;
}

function integer(json: Record<string, unknown>, name: string, what: string): number {
  const value = json[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CorruptMetadataError(`${what}: bad ${name}`);
  return value;
}

function decodeReplica(value: unknown, what: string): Replica {
  if (typeof value !== 'object' || value === null) throw new CorruptMetadataError(`${what}: bad replica`);
  const { nodeId, tier } = value as Record<string, unknown>;
  return { nodeId: checkedNodeId(String(nodeId)), tier: checkedTier(String(tier)) };
}

function tierBytes(value: unknown): TierBytes {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([tier, bytes]) => typeof bytes === 'number' && checkedTier(tier)));
}
