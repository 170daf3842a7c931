import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { NODE_TIERS, type NodeTier, type TierBytes } from '../common/tier.model';
import { type EvictionPolicy } from '../eviction/eviction-policy.port';
import { evictionTargetBytes, planEviction, type EvictionVictim } from '../eviction/eviction.planner';
import { type BlockEntry, draftOf, evictionGuard, sameReplica } from '../metadata/block-entry.model';
import { type NodeRecord } from '../metadata/node-record.model';
import { type NodeCommand } from '../node/node-command.model';
import { keep, replace, type EntryDecision } from './entry.writer';
import { type MasterContext } from './master.context';

/** Replicas evicted per tier by one pass; a tier nothing was evicted from is absent. */
export type EvictedByTier = Readonly<Partial<Record<NodeTier, number>>>;

/** What one eviction pass decided: the commands for the nodes, and how many replicas left each tier. */
export interface EvictionPass {
  readonly commands: readonly NodeCommand[];
  readonly evicted: EvictedByTier;
}

/** Evicts one replica, unless the entry changed so that it is now protected or the replica is gone. */
export function decideEviction(nodeId: NodeId, tier: NodeTier, victim: EvictionVictim, nowMs: number) {
  return (current: BlockEntry | undefined): EntryDecision<boolean> => {
    const replica = { nodeId, tier };
    if (current === undefined || evictionGuard(current, nowMs) !== undefined || !current.replicas.some((r) => sameReplica(r, replica))) return keep(false);
    const rest = current.replicas.filter((r) => !sameReplica(r, replica));
    if (victim.action === 'demote') return replace({ ...draftOf(current), replicas: [...rest, { nodeId, tier: 'ssd' }] }, true);
    return replace(rest.length === 0 ? undefined : { ...draftOf(current), replicas: rest }, true);
  };
}

/**
 * Watermark eviction, per node and tier: DRAM first (demoting into the node's SSD while it has
 * room), then SSD (deleting). The metadata changes at once, so readers stop being sent to the
 * evicted replica; the commands tell the nodes to follow. The ledger alone says whether a tier is
 * over its watermark, so a pass over tiers under it reads no entry: an idle master's pass costs
 * the same at a thousand blocks as at a million.
 */
export class EvictionRunner {
  constructor(
    private readonly ctx: MasterContext,
    private readonly policy: EvictionPolicy,
  ) {}

  async run(nodes: readonly NodeRecord[]): Promise<EvictionPass> {
    const commands: NodeCommand[] = [];
    const evicted: Partial<Record<NodeTier, number>> = {};
    for (const node of nodes) {
      const used = await this.ctx.store.usedBytes(node.nodeId);
      for (const tier of NODE_TIERS) {
        const fromTier = await this.evictTier(node, tier, used);
        if (fromTier.length > 0) evicted[tier] = (evicted[tier] ?? 0) + fromTier.length;
        commands.push(...fromTier);
      }
    }
    return { commands, evicted };
  }

  private async evictTier(node: NodeRecord, tier: NodeTier, used: TierBytes): Promise<NodeCommand[]> {
    const capacityBytes = node.capacityBytes[tier];
    const { highWatermark, evictionBatchRatio: batchRatio } = this.ctx.options;
    if (capacityBytes === undefined || evictionTargetBytes(used[tier] ?? 0, capacityBytes, highWatermark, batchRatio) === 0) return [];
    const ssdCapacity = node.capacityBytes.ssd;
    const demoteRoomBytes = tier === 'dram' && ssdCapacity !== undefined ? Math.max(0, ssdCapacity - (used.ssd ?? 0)) : undefined;
    const entries = (await this.ctx.store.entriesOnNode(node.nodeId)).filter((entry) => entry.replicas.some((r) => sameReplica(r, { nodeId: node.nodeId, tier })));
    const nowMs = this.ctx.clock.nowMs();
    const victims = planEviction({ capacityBytes, usedBytes: used[tier] ?? 0, entries, nowMs, policy: this.policy, highWatermark, batchRatio, demoteRoomBytes });
    const commands: NodeCommand[] = [];
    for (const victim of victims) {
      const evicted = await this.ctx.writer.update(victim.key, decideEviction(node.nodeId, tier, victim, nowMs));
      if (evicted.ok && evicted.value) commands.push(command(victim.action, node.nodeId, victim.key));
    }
    return commands;
  }
}

function command(action: EvictionVictim['action'], nodeId: NodeId, key: BlockKey): NodeCommand {
  return action === 'demote' ? { kind: 'demote', nodeId, key } : { kind: 'delete', nodeId, key };
}
