import { type Replica } from '@tsukimi/kv-store';
import { CorruptMetadataError } from './entry.codec';
import { checkedNodeId, checkedTier } from './metadata.keys';

/** Reading JSON that Redis holds (node records, events and entries of earlier versions), where malformed means corrupt. */
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
