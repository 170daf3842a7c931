import { parseBlockKey, type BlockKey } from '@tsukimi/kv-block';
import { parseNodeId, TIERS, type NodeId, type Tier } from '@tsukimi/kv-store';

/** Letters, digits and `{}:._/-`: a hash-tagged prefix such as `{tsukimi:kv}:` keeps every key in one cluster slot. */
const PREFIX = /^[A-Za-z0-9{}:._/-]{1,64}$/;

export function isValidPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/** Entries are spread over this many hashes by the top bits of their key. */
export const BUCKET_BITS = 14;
export const BUCKETS = 2 ** BUCKET_BITS;

/**
 * Every Redis key and index member of one pool's metadata, all under one prefix. Names are built
 * only from validated block keys and node ids: a malformed one here is a bug upstream, so it throws.
 *
 * - `b:<bucket>`: hash of block key to entry (`<revision>|<body>`), the bucket being the key's top
 *   `BUCKET_BITS` bits, so that each hash stays small enough for Redis's compact (listpack) encoding
 * - `n:<nodeId>`: set of the block keys with a replica on the node
 * - `pending`: set of block keys between put start and put end
 * - `ledger`: hash of `<nodeId>/<tier>` to bytes
 * - `nodes`: hash of node id to its record's JSON
 * - `log:epoch`, `log:seq`, `log:events`: the index event log (`<id>|<body>` per element)
 * - `lease:<name>`: a leader lease (its holder); `lease:<name>:epoch`: the epoch of its last tenure
 * - `entry:<blockKey>`, `entries`, `replicas`: the layout of earlier versions, read only to migrate it
 */
export class MetadataKeys {
  readonly pending: string;
  /** Prefix of the per-node sets, which the swap script completes with node ids from the stored entry. */
  readonly nodePrefix: string;
  /** Prefix of the bucket hashes, completed with the bucket's number. */
  readonly bucketPrefix: string;
  readonly ledger: string;
  readonly nodes: string;
  readonly epoch: string;
  readonly seq: string;
  readonly events: string;

  constructor(readonly prefix: string) {
    if (!isValidPrefix(prefix)) throw new RangeError(`malformed Redis key prefix ${JSON.stringify(prefix)}`);
    this.pending = `${prefix}pending`;
    this.nodePrefix = `${prefix}n:`;
    this.bucketPrefix = `${prefix}b:`;
    this.ledger = `${prefix}ledger`;
    this.nodes = `${prefix}nodes`;
    this.epoch = `${prefix}log:epoch`;
    this.seq = `${prefix}log:seq`;
    this.events = `${prefix}log:events`;
  }

  /** The hash holding the entry of `key`. */
  bucket(key: BlockKey): string {
    return this.bucketAt(parseInt(checkedBlockKey(key).slice(0, 4), 16) >>> (16 - BUCKET_BITS));
  }

  bucketAt(index: number): string {
    return `${this.bucketPrefix}${index}`;
  }

  node(nodeId: NodeId): string {
    return `${this.nodePrefix}${checkedNodeId(nodeId)}`;
  }

  lease(name: string): string {
    if (!parseNodeId(name).ok) throw new RangeError(`malformed lease name ${JSON.stringify(name)}`);
    return `${this.prefix}lease:${name}`;
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
