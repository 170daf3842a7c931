import { type BlockKey, parseBlockKey } from '@tsukimi/kv-block';
import { type InventoryItem, type NodeCommand, type NodeId, type Tier, type TierBytes, type TierChange, TIERS, parseNodeId } from '@tsukimi/kv-store';
import { type NodeCommandMessage, type TierChangeMessage, type InventoryItemMessage, type NodeCommandMessage__Output, type TierChangeMessage__Output, type InventoryItemMessage__Output } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';

/**
 * Pool membership messages between the wire and the kv-store's types. Everything a member sends
 * is parsed here, before the master sees it: keys, node ids and tiers from the network are text.
 */

export function tierBytesToWire(bytes: TierBytes): Record<string, number> {
  return Object.fromEntries(Object.entries(bytes).filter(([, value]) => value !== undefined)) as Record<string, number>;
}

export function tierBytesFromWire(wire: Readonly<Record<string, number | string>>): Result<TierBytes, string> {
  const bytes: Partial<Record<Tier, number>> = {};
  for (const [tier, value] of Object.entries(wire)) {
    if (!isTier(tier)) return err(`unknown tier "${tier.slice(0, 20)}"`);
    bytes[tier] = Number(value);
  }
  return ok(bytes);
}

export function tierChangeToWire(change: TierChange): TierChangeMessage {
  switch (change.kind) {
    case 'stored':
      return { kind: 'stored', key: change.key, tier: change.tier, sizeBytes: change.sizeBytes, blockIndex: change.blockIndex ?? 0 };
    case 'moved':
      return { kind: 'moved', key: change.key, tier: change.to, fromTier: change.from, sizeBytes: change.sizeBytes };
    case 'removed':
      return { kind: 'removed', key: change.key, tier: change.tier, reason: change.reason };
  }
}

export function tierChangeFromWire(nodeId: NodeId, wire: TierChangeMessage__Output): Result<TierChange, string> {
  const key = parseKey(wire.key);
  if (!key.ok) return key;
  if (!isTier(wire.tier)) return err(`tier: unknown "${wire.tier.slice(0, 20)}"`);
  const sizeBytes = Number(wire.sizeBytes);
  switch (wire.kind) {
    case 'stored':
      return ok({ kind: 'stored', nodeId, key: key.value, tier: wire.tier, sizeBytes, blockIndex: wire.blockIndex });
    case 'moved':
      if (!isTier(wire.fromTier)) return err(`from_tier: unknown "${wire.fromTier.slice(0, 20)}"`);
      return ok({ kind: 'moved', nodeId, key: key.value, from: wire.fromTier, to: wire.tier, sizeBytes });
    case 'removed':
      return ok({ kind: 'removed', nodeId, key: key.value, tier: wire.tier, reason: wire.reason === 'corrupt' ? 'corrupt' : 'deleted' });
    default:
      return err(`kind: unknown "${wire.kind.slice(0, 20)}"`);
  }
}

export function commandToWire(command: NodeCommand): NodeCommandMessage {
  return { kind: command.kind, key: command.key };
}

export function commandFromWire(nodeId: NodeId, wire: NodeCommandMessage__Output): Result<NodeCommand, string> {
  const key = parseKey(wire.key);
  if (!key.ok) return key;
  if (wire.kind !== 'demote' && wire.kind !== 'delete') return err(`command kind: unknown "${wire.kind.slice(0, 20)}"`);
  return ok({ kind: wire.kind, nodeId, key: key.value });
}

export function inventoryToWire(item: InventoryItem): InventoryItemMessage {
  return { key: item.key, tier: item.tier, sizeBytes: item.sizeBytes };
}

export function inventoryFromWire(wire: InventoryItemMessage__Output): Result<InventoryItem, string> {
  const key = parseKey(wire.key);
  if (!key.ok) return key;
  if (!isTier(wire.tier)) return err(`tier: unknown "${wire.tier.slice(0, 20)}"`);
  return ok({ key: key.value, tier: wire.tier, sizeBytes: Number(wire.sizeBytes) });
}

export function nodeIdFromWire(text: string): Result<NodeId, string> {
  const id = parseNodeId(text);
  return id.ok ? id : err(`node_id: ${id.error.reason}`);
}

/** Parses each item, failing on the first bad one with its index. */
export function allFromWire<W, T>(items: readonly W[], parse: (item: W) => Result<T, string>, field: string): Result<T[], string> {
  const parsed: T[] = [];
  for (const [i, item] of items.entries()) {
    const one = parse(item);
    if (!one.ok) return err(`${field}[${i}]: ${one.error}`);
    parsed.push(one.value);
  }
  return ok(parsed);
}

function parseKey(text: string): Result<BlockKey, string> {
  const key = parseBlockKey(text);
  return key.ok ? key : err(`key: expected 16 hex digits, got "${text.slice(0, 40)}"`);
}

function isTier(text: string): text is Tier {
  return (TIERS as readonly string[]).includes(text);
}
