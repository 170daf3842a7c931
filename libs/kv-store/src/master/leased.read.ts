import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type BlockEntry, type Replica, draftOf } from '../metadata/block-entry.model';
import { replace, keep, type EntryDecision } from './entry.writer';
import { type MasterContext } from './master.context';
import { type NodeRegistry } from './node.registry';
import { type GetError, type NotFound } from './store.errors';

export interface GetHit {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly replicas: readonly Replica[];
  /** Until then the block will not be evicted or removed: read it before. */
  readonly leaseExpiresAtMs: number;
}

/**
 * A read grants a lease and counts as an access (recency and frequency for eviction). Only replicas
 * on `live` members are offered: a member silent past its timeout may be dead or paused, and is
 * fenced off until it rejoins, even before maintenance drops its replicas. A block with no live
 * replica is a miss, so the reader recomputes it.
 */
export function decideGet(key: BlockKey, nowMs: number, leaseTtlMs: number, live: ReadonlySet<NodeId>) {
  return (current: BlockEntry | undefined): EntryDecision<Result<GetHit, NotFound>> => {
    const replicas = current?.replicas.filter((replica) => live.has(replica.nodeId)) ?? [];
    if (current?.status !== 'complete' || replicas.length === 0) return keep(err({ kind: 'not-found', key }));
    const leaseExpiresAtMs = Math.max(current.leaseExpiresAtMs, nowMs + leaseTtlMs);
    const next = { ...draftOf(current), leaseExpiresAtMs, lastAccessMs: nowMs, accessCount: current.accessCount + 1 };
    return replace(next, ok({ key, sizeBytes: current.sizeBytes, replicas, leaseExpiresAtMs }));
  };
}

/**
 * Reads. `get` leases; `exists` only looks. A scheduler probes existence for every block of every
 * candidate prefix, most of which it never reads: if probing leased or refreshed recency, a prefix
 * that is asked about often but never used would stay forever. Recency follows reads, not questions.
 */
export class LeasedRead {
  constructor(
    private readonly ctx: MasterContext,
    private readonly registry: NodeRegistry,
  ) {}

  /**
   * `leaseTtlMs` overrides the master's default for this read (a reader that will be quick asks
   * for less). The entries are read at once and the leases written at once (one `swapEntries`).
   */
  async get(keys: readonly BlockKey[], leaseTtlMs = this.ctx.options.leaseTtlMs): Promise<Result<GetHit, GetError>[]> {
    const [nodes, entries] = await Promise.all([this.registry.liveNodes(), this.ctx.store.getEntries(keys)]);
    const live = new Set(nodes.map((node) => node.nodeId));
    const nowMs = this.ctx.clock.nowMs();
    return this.ctx.writer.updateAllResultsFrom(keys.map((key, i) => ({ key, read: entries[i], decide: decideGet(key, nowMs, leaseTtlMs, live) })));
  }

  /** Whether each key is complete; writes nothing. */
  async exists(keys: readonly BlockKey[]): Promise<boolean[]> {
    return (await this.ctx.store.getEntries(keys)).map((entry) => entry?.status === 'complete');
  }
}
