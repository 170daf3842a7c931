import { type IndexEvent, type IndexEventDraft, type NodeRecord, type TierBytes } from '@tsukimi/kv-store';
import { CorruptMetadataError, splitNumbered } from './entry.codec';
import { decodeReplica, integer, parseObject } from './json-fields.codec';
import { checkedBlockKey, checkedNodeId, checkedTier } from './metadata.keys';

/**
 * How events and node records are stored (entries: `entry.codec.ts`). An event is `<id>|<body>`,
 * so the Lua scripts stamp the number without reading the body.
 */

export { CorruptMetadataError, decodeEntry, encodeEntryBody } from './entry.codec';

const EVENT_KINDS = { s: 'stored', r: 'removed' } as const;

/** `<s|r> <blockKey> <nodeId> <tier>` (about 35 bytes; the log keeps this per event). */
export function encodeEventDraft(draft: IndexEventDraft): string {
  return `${draft.kind === 'stored' ? 's' : 'r'} ${checkedBlockKey(draft.key)} ${checkedNodeId(draft.nodeId)} ${checkedTier(draft.tier)}`;
}

/** An event as logged; events an earlier version logged as JSON are still read. */
export function decodeEvent(stored: string): IndexEvent {
  const [id, body] = splitNumbered(stored, 'event');
  if (body.startsWith('{')) return decodeJsonEvent(id, body);
  const [code, key, nodeId, tier, ...rest] = body.split(' ');
  const kind = EVENT_KINDS[code as keyof typeof EVENT_KINDS];
  if (kind === undefined || key === undefined || nodeId === undefined || tier === undefined || rest.length > 0) throw new CorruptMetadataError(`event ${id}: malformed`);
  try {
    return { id, kind, key: checkedBlockKey(key), nodeId: checkedNodeId(nodeId), tier: checkedTier(tier) };
  } catch (cause) {
    throw new CorruptMetadataError(`event ${id}: malformed`, { cause });
  }
}

function decodeJsonEvent(id: number, body: string): IndexEvent {
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

function tierBytes(value: unknown): TierBytes {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([tier, bytes]) => typeof bytes === 'number' && checkedTier(tier)));
}
