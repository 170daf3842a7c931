import { type BlockKey } from '@tsukimi/kv-block';
import { type Endpoint } from '@tsukimi/transfer';
import { type NodeId } from '../common/node-id';
import { type BlockEntry, draftOf, isLeased, isSoftPinned } from '../metadata/block-entry.model';
import { type NodeRecord } from '../metadata/node-record.model';
import { type BlockCopier } from '../replication/block-copier.port';
import { type DrainCandidate, drainOrder } from '../replication/drain-order.policy';
import { keep, replace } from './entry.writer';
import { type MasterContext } from './master.context';
import { type NodeDeparture, type NodeRegistry } from './node.registry';

/** A graceful leave after a drain: what moved to other nodes before the node's replicas were dropped. */
export interface DrainedDeparture extends NodeDeparture {
  /** Blocks copied to another node (sole and extra replicas alike). */
  readonly movedBlocks: number;
  readonly movedBytes: number;
  /** Copies tried and not landed (a node refused or did not answer); the block may still be lost. */
  readonly failedCopies: number;
  /** The budget ran out before every block was tried. */
  readonly budgetSpent: boolean;
}

/**
 * Drains a node that asked to leave: it takes no new block from then on, but stays readable
 * while its blocks are copied to the other nodes in `drainOrder` (leased, then sole replicas,
 * hottest first) within the budget; then it leaves as before, and a block only it still held is
 * lost (`droppedBlocks`). The node's own calls have stopped by then, so each copy stands for
 * its heartbeat.
 */
export class NodeDrainer {
  constructor(
    private readonly ctx: MasterContext,
    private readonly registry: NodeRegistry,
    private readonly copier: BlockCopier,
    /** Recent reads of a block; the entry's access count where absent. */
    private readonly readsOf?: (key: BlockKey, nowMs: number) => number,
  ) {}

  async drainAndLeave(nodeId: NodeId, budgetMs: number): Promise<DrainedDeparture | undefined> {
    const leaving = await this.registry.beginLeave(nodeId);
    if (leaving === undefined) return undefined;
    const deadlineMs = this.ctx.clock.monotonicMs() + budgetMs;
    const tally = { movedBlocks: 0, movedBytes: 0, failedCopies: 0, budgetSpent: false };
    const source = endpointOf(leaving);
    for (const candidate of source ? await this.candidates(nodeId) : []) {
      const leftMs = deadlineMs - this.ctx.clock.monotonicMs();
      if (leftMs <= 0) {
        tally.budgetSpent = true;
        break;
      }
      const target = await this.target(candidate);
      if (target === undefined) continue;
      const moved = await this.move(candidate, source!, target, Math.min(leftMs, this.ctx.options.hotCopyTimeoutMs));
      if (moved) {
        tally.movedBlocks += 1;
        tally.movedBytes += candidate.sizeBytes;
      } else tally.failedCopies += 1;
      await this.registry.touch(nodeId);
    }
    const departure = await this.registry.leave(nodeId);
    return departure === undefined ? undefined : { ...departure, ...tally };
  }

  private async candidates(nodeId: NodeId): Promise<(DrainCandidate & { readonly holders: readonly NodeId[] })[]> {
    const nowMs = this.ctx.clock.nowMs();
    const entries = (await this.ctx.store.entriesOnNode(nodeId)).filter((entry) => entry.status === 'complete');
    return drainOrder(entries.map((entry) => this.candidate(entry, nodeId, nowMs)));
  }

  private candidate(entry: BlockEntry, nodeId: NodeId, nowMs: number): DrainCandidate & { readonly holders: readonly NodeId[] } {
    const holders = [...new Set(entry.replicas.map((replica) => replica.nodeId))];
    return {
      key: entry.key,
      sizeBytes: entry.sizeBytes,
      // Prompt-cache leases are soft pins, and a pinned block was promised as much as a read lease.
      leased: isLeased(entry, nowMs) || isSoftPinned(entry, nowMs) || entry.hardPinned,
      sole: holders.every((holder) => holder === nodeId),
      reads: this.readsOf?.(entry.key, nowMs) ?? entry.accessCount,
      lastAccessMs: entry.lastAccessMs,
      holders,
    };
  }

  /** The placeable node with the most DRAM free below the high watermark that lacks the block, by the master's ledger. */
  private async target(candidate: { readonly sizeBytes: number; readonly holders: readonly NodeId[] }): Promise<Endpoint | undefined> {
    let best: { readonly endpoint: Endpoint; readonly freeBytes: number } | undefined;
    for (const node of await this.registry.placeableNodes()) {
      const endpoint = endpointOf(node);
      const capacity = node.capacityBytes.dram;
      if (endpoint === undefined || capacity === undefined || candidate.holders.includes(node.nodeId)) continue;
      const freeBytes = Math.floor(capacity * this.ctx.options.highWatermark) - ((await this.ctx.store.usedBytes(node.nodeId)).dram ?? 0);
      if (freeBytes >= candidate.sizeBytes && (best === undefined || freeBytes > best.freeBytes)) best = { endpoint, freeBytes };
    }
    return best?.endpoint;
  }

  /** Copies the block and records the new replica, unless the block went away meanwhile. */
  private async move(candidate: DrainCandidate, source: Endpoint, target: Endpoint, timeoutMs: number): Promise<boolean> {
    const copied = await this.copier.copy(candidate.key, [source], target, timeoutMs);
    if (!copied.ok) return false;
    const recorded = await this.ctx.writer.update(candidate.key, (current) => {
      if (current?.status !== 'complete') return keep(false);
      if (current.replicas.some((replica) => replica.nodeId === target.nodeId)) return keep(true);
      return replace({ ...draftOf(current), replicas: [...current.replicas, { nodeId: target.nodeId as NodeId, tier: 'dram' }] }, true);
    });
    return recorded.ok && recorded.value;
  }
}

function endpointOf(node: NodeRecord): Endpoint | undefined {
  return node.dataAddress ? { nodeId: node.nodeId, host: node.dataAddress.host, port: node.dataAddress.port } : undefined;
}
