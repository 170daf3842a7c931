import { type BlockKey } from '@tsukimi/kv-block';
import { type Endpoint } from '@tsukimi/transfer';
import { type NodeId } from '../common/node-id';
import { type BlockEntry, draftOf, isLeased } from '../metadata/block-entry.model';
import { type NodeRecord } from '../metadata/node-record.model';
import { type NodeCommand } from '../node/node-command.model';
import { type BlockCopier, type CopyFailureReason } from '../replication/block-copier.port';
import { planReplicas, type BlockReplicas, type NodeRoom, type ReplicaCopy, type ReplicaDrop } from '../replication/hot-replica.policy';
import { ReadDemandMeter } from '../replication/read-demand.meter';
import { keep, replace } from './entry.writer';
import { type MasterContext } from './master.context';
import { type NodeRegistry } from './node.registry';

/** Every reason a replication decision is counted under. */
export const REPLICATION_REASONS = ['hot', 'cooled', 'failed', 'no-room'] as const;

/** One replication decision carried out (or not), for the counter and the log. */
export type ReplicationDecision =
  | { readonly reason: 'hot'; readonly key: BlockKey; readonly nodeId: NodeId; readonly readsInWindow: number; readonly sizeBytes: number }
  | { readonly reason: 'cooled'; readonly key: BlockKey; readonly nodeId: NodeId; readonly readsInWindow: number }
  | { readonly reason: 'failed'; readonly key: BlockKey; readonly nodeId: NodeId; readonly failure: CopyFailureReason | 'entry-changed'; readonly detail: string }
  | { readonly reason: 'no-room'; readonly key: BlockKey };

export interface ReplicationReport {
  readonly decisions: readonly ReplicationDecision[];
  /** Deletes of dropped replicas, for the adapter to deliver. */
  readonly commands: readonly NodeCommand[];
}

/**
 * Hot-spot replication at the master: reads are counted per block as they are granted, and each
 * pass copies hot blocks to more nodes and drops the copies of blocks that cooled. Which replicas
 * it added is kept in this process only: after a takeover the new leader leaves them to eviction.
 */
export class HotSpotReplicator {
  private readonly meter: ReadDemandMeter;
  private readonly added = new Map<BlockKey, NodeId[]>();

  constructor(
    private readonly ctx: MasterContext,
    private readonly registry: NodeRegistry,
    private readonly copier: BlockCopier,
  ) {
    const options = ctx.options;
    this.meter = new ReadDemandMeter({ windowMs: options.hotWindowMs, slices: options.hotWindowSlices, sketchWidth: options.hotSketchWidth, hotReads: options.hotReadsPerWindow, maxTracked: options.hotTrackedBlocks });
  }

  recordReads(keys: readonly BlockKey[]): void {
    this.meter.record(keys, this.ctx.clock.nowMs());
  }

  /** Reads of the block counted within the window ending at `nowMs`. */
  readsInWindow(key: BlockKey, nowMs: number): number {
    return this.meter.readsInWindow(key, nowMs);
  }

  async pass(): Promise<ReplicationReport> {
    const nowMs = this.ctx.clock.nowMs();
    const keys = [...new Set([...this.meter.hot(nowMs).map((hot) => hot.key), ...this.added.keys()])];
    if (keys.length === 0) return { decisions: [], commands: [] };
    const nodes = new Map((await this.registry.liveNodes()).filter((node) => node.dataAddress !== undefined).map((node) => [node.nodeId, node]));
    const entries = await this.ctx.store.getEntries(keys);
    const blocks: BlockReplicas[] = [];
    entries.forEach((entry, index) => {
      const key = keys[index] as BlockKey;
      const block = entry?.status === 'complete' ? this.view(entry, nowMs) : undefined;
      if (block === undefined) this.added.delete(key);
      else blocks.push(block);
    });
    const { hotReplicas, hotReadsPerWindow, hotCopiesPerPass } = this.ctx.options;
    // Copies go only to nodes that take new blocks: a node draining before a leave is a source, never a target.
    const targets = new Set((await this.registry.placeableNodes()).map((node) => node.nodeId));
    const plan = planReplicas(blocks, await this.rooms([...nodes.values()].filter((node) => targets.has(node.nodeId))), { hotReplicas, hotReadsPerWindow, maxCopiesPerPass: hotCopiesPerPass });
    const decisions: ReplicationDecision[] = plan.shortOfRoom.map((key) => ({ reason: 'no-room', key }));
    const commands: NodeCommand[] = [];
    for (const copy of plan.copies) {
      const decision = await this.copy(copy, nodes);
      decisions.push(decision);
      // The bytes landed but the block is gone: the copy must not bring it back when its node reports it.
      if (decision.reason === 'failed' && decision.failure === 'entry-changed') commands.push({ kind: 'delete', nodeId: copy.target, key: copy.key });
    }
    for (const drop of plan.drops) {
      if (await this.drop(drop, nowMs)) {
        decisions.push({ reason: 'cooled', key: drop.key, nodeId: drop.nodeId, readsInWindow: drop.readsInWindow });
        commands.push({ kind: 'delete', nodeId: drop.nodeId, key: drop.key });
      }
    }
    return { decisions, commands };
  }

  private view(entry: BlockEntry, nowMs: number): BlockReplicas {
    const holders = [...new Set(entry.replicas.map((replica) => replica.nodeId))];
    const added = (this.added.get(entry.key) ?? []).filter((nodeId) => holders.includes(nodeId));
    if (added.length > 0) this.added.set(entry.key, added);
    else this.added.delete(entry.key);
    const original = holders.filter((nodeId) => !added.includes(nodeId));
    return { key: entry.key, sizeBytes: entry.sizeBytes, readsInWindow: this.meter.readsInWindow(entry.key, nowMs), holders: [...original, ...added], added, leased: isLeased(entry, nowMs) };
  }

  /** DRAM free below the high watermark on each live node, by the master's ledger. */
  private async rooms(nodes: readonly NodeRecord[]): Promise<NodeRoom[]> {
    const rooms: NodeRoom[] = [];
    for (const node of nodes) {
      const capacity = node.capacityBytes.dram;
      if (capacity === undefined) continue;
      const used = (await this.ctx.store.usedBytes(node.nodeId)).dram ?? 0;
      rooms.push({ nodeId: node.nodeId, freeBytes: Math.max(0, Math.floor(capacity * this.ctx.options.highWatermark) - used) });
    }
    return rooms;
  }

  private async copy(copy: ReplicaCopy, nodes: ReadonlyMap<NodeId, NodeRecord>): Promise<ReplicationDecision> {
    const sources = copy.sources.map((nodeId) => endpointOf(nodes.get(nodeId))).filter((endpoint): endpoint is Endpoint => endpoint !== undefined);
    const copied = await this.copier.copy(copy.key, sources, endpointOf(nodes.get(copy.target)) as Endpoint, this.ctx.options.hotCopyTimeoutMs);
    if (!copied.ok) return { reason: 'failed', key: copy.key, nodeId: copy.target, failure: copied.error.reason, detail: copied.error.detail };
    const recorded = await this.ctx.writer.update(copy.key, (current) => {
      if (current?.status !== 'complete') return keep(false);
      if (current.replicas.some((replica) => replica.nodeId === copy.target)) return keep(true);
      return replace({ ...draftOf(current), replicas: [...current.replicas, { nodeId: copy.target, tier: 'dram' }] }, true);
    });
    if (!recorded.ok || !recorded.value) return { reason: 'failed', key: copy.key, nodeId: copy.target, failure: 'entry-changed', detail: 'the block was removed while it was copied' };
    this.added.set(copy.key, [...(this.added.get(copy.key) ?? []), copy.target]);
    return { reason: 'hot', key: copy.key, nodeId: copy.target, readsInWindow: copy.readsInWindow, sizeBytes: copied.value.sizeBytes };
  }

  /** Drops the replica unless a reader leased the block since the plan was made. */
  private async drop(drop: ReplicaDrop, nowMs: number): Promise<boolean> {
    const dropped = await this.ctx.writer.update(drop.key, (current) => {
      if (current?.status !== 'complete' || isLeased(current, nowMs)) return keep(false);
      const rest = current.replicas.filter((replica) => replica.nodeId !== drop.nodeId);
      if (rest.length === current.replicas.length || rest.length === 0) return keep(false);
      return replace({ ...draftOf(current), replicas: rest }, true);
    });
    if (!dropped.ok || !dropped.value) return false;
    const rest = (this.added.get(drop.key) ?? []).filter((nodeId) => nodeId !== drop.nodeId);
    if (rest.length > 0) this.added.set(drop.key, rest);
    else this.added.delete(drop.key);
    return true;
  }
}

function endpointOf(node: NodeRecord | undefined): Endpoint | undefined {
  return node?.dataAddress ? { nodeId: node.nodeId, host: node.dataAddress.host, port: node.dataAddress.port } : undefined;
}
