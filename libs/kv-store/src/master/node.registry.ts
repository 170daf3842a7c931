import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { TIERS, type TierBytes } from '../common/tier.model';
import { draftOf } from '../metadata/block-entry.model';
import { type NodeRecord } from '../metadata/node-record.model';
import { keep, replace } from './entry.writer';
import { type MasterContext } from './master.context';

export interface HeartbeatReport {
  /** Byte budget per tier the node holds; the master places into and evicts from these. */
  readonly capacityBytes: TierBytes;
  /** What the node counts as used, kept for observability. */
  readonly usedBytes?: TierBytes;
  /** Where the node serves block bytes; absent for a member that serves none. */
  readonly dataAddress?: { readonly host: string; readonly port: number };
}

/** `joined`: the master had no live record of the node, so the node must report every block it holds. */
export type HeartbeatAnswer = 'joined' | 'alive';

export interface InvalidReport {
  readonly kind: 'invalid-report';
  readonly reason: string;
}

export interface NodeDeparture {
  readonly nodeId: NodeId;
  readonly droppedReplicas: number;
  /** Blocks whose last replica was on the node, now gone from the index. */
  readonly droppedBlocks: number;
}

/** Pool membership by heartbeat: a node is live while its last heartbeat is within the timeout. */
export class NodeRegistry {
  /** Nodes draining before a leave: still served from, never placed on. Kept by this master only: a new leader forgets it. */
  private readonly leaving = new Set<NodeId>();

  constructor(private readonly ctx: MasterContext) {}

  async heartbeat(nodeId: NodeId, report: HeartbeatReport): Promise<Result<HeartbeatAnswer, InvalidReport>> {
    for (const bytes of [report.capacityBytes, report.usedBytes ?? {}]) {
      const bad = Object.entries(bytes).find(([tier, value]) => !(TIERS as readonly string[]).includes(tier) || !Number.isSafeInteger(value) || value < 0);
      if (bad !== undefined) return err({ kind: 'invalid-report', reason: `tier ${bad[0]}: expected a known tier and a non-negative integer, got ${bad[1]}` });
    }
    const nowMs = this.ctx.clock.nowMs();
    const known = await this.ctx.store.getNode(nodeId);
    const rejoined = known === undefined || !this.isLive(known, nowMs);
    await this.ctx.store.putNode({
      nodeId,
      capacityBytes: report.capacityBytes,
      reportedUsedBytes: report.usedBytes ?? {},
      ...(report.dataAddress ? { dataAddress: report.dataAddress } : {}),
      joinedAtMs: rejoined ? nowMs : known.joinedAtMs,
      lastHeartbeatMs: nowMs,
    });
    return ok(rejoined ? 'joined' : 'alive');
  }

  /**
   * Counts a live node's own call as a heartbeat: a node is alive while it talks to the master,
   * however long one of its calls takes (a reconcile of a large inventory over a slow store).
   */
  async touch(nodeId: NodeId): Promise<void> {
    const nowMs = this.ctx.clock.nowMs();
    const known = await this.ctx.store.getNode(nodeId);
    if (known !== undefined && this.isLive(known, nowMs)) await this.ctx.store.putNode({ ...known, lastHeartbeatMs: nowMs });
  }

  /** Nodes whose last heartbeat is within the timeout. */
  async liveNodes(): Promise<NodeRecord[]> {
    const nowMs = this.ctx.clock.nowMs();
    return (await this.ctx.store.listNodes()).filter((node) => this.isLive(node, nowMs));
  }

  /** Live nodes new blocks and copies may go to: those not leaving. */
  async placeableNodes(): Promise<NodeRecord[]> {
    return (await this.liveNodes()).filter((node) => !this.leaving.has(node.nodeId));
  }

  /** Stops placing on a live node that is about to leave; its record, undefined when it is not a live member. */
  async beginLeave(nodeId: NodeId): Promise<NodeRecord | undefined> {
    const node = await this.ctx.store.getNode(nodeId);
    if (node === undefined || !this.isLive(node, this.ctx.clock.nowMs())) return undefined;
    this.leaving.add(nodeId);
    return node;
  }

  /** Whether the node joined and has heartbeated within the timeout. */
  async isLiveMember(nodeId: NodeId): Promise<boolean> {
    const node = await this.ctx.store.getNode(nodeId);
    return node !== undefined && this.isLive(node, this.ctx.clock.nowMs());
  }

  /** Removes every node silent past the timeout, with its replicas. */
  async expire(): Promise<NodeDeparture[]> {
    const nowMs = this.ctx.clock.nowMs();
    const silent = (await this.ctx.store.listNodes()).filter((node) => !this.isLive(node, nowMs));
    const departures: NodeDeparture[] = [];
    for (const node of silent) {
      departures.push(await this.dropReplicas(node.nodeId));
      const record = await this.ctx.store.getNode(node.nodeId);
      if (record !== undefined && !this.isLive(record, this.ctx.clock.nowMs())) await this.ctx.store.deleteNode(node.nodeId);
      this.leaving.delete(node.nodeId);
    }
    return departures;
  }

  /** A graceful leave: the record goes first, so no new put is placed on the node while its replicas are dropped. */
  async leave(nodeId: NodeId): Promise<NodeDeparture | undefined> {
    try {
      return (await this.ctx.store.deleteNode(nodeId)) ? await this.dropReplicas(nodeId) : undefined;
    } finally {
      this.leaving.delete(nodeId);
    }
  }

  private isLive(node: NodeRecord, nowMs: number): boolean {
    return nowMs - node.lastHeartbeatMs <= this.ctx.options.nodeTimeoutMs;
  }

  /**
   * On expiry the replicas go before the record: a heartbeat arriving meanwhile finds the record
   * stale, answers `joined`, and the node re-reports what it holds.
   */
  private async dropReplicas(nodeId: NodeId): Promise<NodeDeparture> {
    let droppedReplicas = 0;
    let droppedBlocks = 0;
    for (const entry of await this.ctx.store.entriesOnNode(nodeId)) {
      const dropped = await this.ctx.writer.update(entry.key, (current) => {
        const rest = current?.replicas.filter((replica) => replica.nodeId !== nodeId) ?? [];
        if (current === undefined || rest.length === current.replicas.length) return keep(undefined);
        return replace(rest.length === 0 ? undefined : { ...draftOf(current), replicas: rest }, rest.length === 0 ? 'block' : 'replica');
      });
      if (dropped.ok && dropped.value !== undefined) droppedReplicas += 1;
      if (dropped.ok && dropped.value === 'block') droppedBlocks += 1;
    }
    return { nodeId, droppedReplicas, droppedBlocks };
  }
}
