import { parseBlockKey, type BlockKey } from '@tsukimi/kv-block';
import { parseNodeId, TIERS, type NodeId, type Tier } from '@tsukimi/kv-store';

/** Letters, digits and `{}:._/-`: a hash-tagged prefix such as `{tsukimi:kv}:` keeps every key in one cluster slot. */
const PREFIX = /^[A-Za-z0-9{}:._/-]{1,64}$/;

export function isValidPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/**
 * Every Redis key and index member of one pool's metadata, all under one prefix. Names are built
 * only from validated block keys and node ids: a malformed one here is a bug upstream, so it throws.
 *
 * - `entry:<blockKey>`: the entry, `<revision>|<json>`
 * - `entries`: sorted set of every block key (score 0, paged by lex range) for snapshots
 * - `pending`: set of block keys between put start and put end
 * - `replicas`: sorted set of `<nodeId>/<blockKey>` (lex range per node)
 * - `ledger`: hash of `<nodeId>/<tier>` to bytes
 * - `nodes`: hash of node id to its record's JSON
 * - `log:epoch`, `log:seq`, `log:events`: the index event log (`<id>|<json>` per element)
 * - `lease:<name>`: a leader lease (its holder); `lease:<name>:epoch`: the epoch of its last tenure
 */
export class MetadataKeys {
  readonly entries: string;
  readonly pending: string;
  readonly replicas: string;
  readonly ledger: string;
  readonly nodes: string;
  readonly epoch: string;
  readonly seq: string;
  readonly events: string;

  constructor(readonly prefix: string) {
    if (!isValidPrefix(prefix)) throw new RangeError(`malformed Redis key prefix ${JSON.stringify(prefix)}`);
    this.entries = `${prefix}entries`;
    this.pending = `${prefix}pending`;
    this.replicas = `${prefix}replicas`;
    this.ledger = `${prefix}ledger`;
    this.nodes = `${prefix}nodes`;
    this.epoch = `${prefix}log:epoch`;
    this.seq = `${prefix}log:seq`;
    this.events = `${prefix}log:events`;
  }

  entry(key: BlockKey): string {
    return `${this.prefix}entry:${checkedBlockKey(key)}`;
  }

  lease(name: string): string {
    if (!parseNodeId(name).ok) throw new RangeError(`malformed lease name ${JSON.stringify(name)}`);
    return `${this.prefix}lease:${name}`;
  }

  /** The lex range of `replicas` members for one node: `/` sorts just before `0` and cannot occur in a node id. */
  replicaRange(nodeId: NodeId): readonly [string, string] {
    const node = checkedNodeId(nodeId);
    return [`[${node}/`, `(${node}0`];
  }

  /** The `ledger` fields of one node, in `TIERS` order. */
  ledgerFields(nodeId: NodeId): readonly string[] {
    const node = checkedNodeId(nodeId);
    return TIERS.map((tier) => `${node}/${tier}`);
  }
}

export function checkedBlockKey(key: string): BlockKey {
  if (!parseBlockKey(key).ok) throw new RangeError(`malformed block key ${JSON.stringify(key.slice(0, 40))}`);
  return key as BlockKey;
}

export function checkedNodeId(nodeId: string): NodeId {
  if (!parseNodeId(nodeId).ok) throw new RangeError(`malformed node id ${JSON.stringify(nodeId.slice(0, 40))}`);
  return nodeId as NodeId;
}

export function checkedTier(tier: string): Tier {
  if (!(TIERS as readonly string[]).includes(tier)) throw new RangeError(`unknown tier ${JSON.stringify(tier.slice(0, 40))}`);
  return tier as Tier;
}
