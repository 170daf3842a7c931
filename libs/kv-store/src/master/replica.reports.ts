import { type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type Tier } from '../common/tier.model';
import { type BlockEntry, type BlockEntryDraft, draftOf } from '../metadata/block-entry.model';
import { type InventoryItem, type TierChange } from '../node/tier-change.model';
import { keep, replace, type EntryDecision } from './entry.writer';
import { type Contention } from './store.errors';
import { type MasterContext } from './master.context';
import { type NodeRegistry } from './node.registry';

export type ReportOutcome = 'applied' | 'unchanged' | 'unknown-node' | 'contention';

export interface ReconcileReport {
  readonly outcome: 'reconciled' | 'unknown-node';
  /** Replicas the master added or re-tiered to match the inventory. */
  readonly corrected: number;
  /** Replicas the master had on the node that the node does not hold. */
  readonly dropped: number;
}

/**
 * Nodes deliver their reports in order, but the master changes replicas ahead of them (eviction
 * moves or drops a replica before the node has carried out the command), so a report may be
 * older than the master's view. Hence: `stored` adds a replica only where the node has none;
 * `moved` sets the node's replica to its new tier; `removed` drops the node's replica whatever
 * tier the master had (the bytes are gone, lease or no lease). Pending entries are left to their
 * put's end or revoke. Drift left by rarer races is repaired by `reconcile` with a full inventory.
 */
export function decideReport(change: TierChange, nowMs: number) {
  return (current: BlockEntry | undefined): EntryDecision<ReportOutcome> => {
    if (current?.status === 'pending') return keep('unchanged');
    const others = current?.replicas.filter((replica) => replica.nodeId !== change.nodeId) ?? [];
    const onNode = current?.replicas.find((replica) => replica.nodeId === change.nodeId);
    if (change.kind === 'removed') {
      if (current === undefined || onNode === undefined) return keep('unchanged');
      return replace(others.length === 0 ? undefined : { ...draftOf(current), replicas: others }, 'applied');
    }
    const tier = change.kind === 'stored' ? change.tier : change.to;
    if (current === undefined) return replace(registered(change, tier, nowMs), 'applied');
    if (onNode !== undefined && (change.kind === 'stored' || onNode.tier === tier)) return keep('unchanged');
    return replace({ ...draftOf(current), replicas: [...others, { nodeId: change.nodeId, tier }] }, 'applied');
  };
}

/** A block the master learns of from its holder alone (a node that restarted, an engine's device tier). */
function registered(change: TierChange & { kind: 'stored' | 'moved' }, tier: Tier, nowMs: number): BlockEntryDraft {
  const blockIndex = change.kind === 'stored' ? (change.blockIndex ?? 0) : 0;
  return completeEntryDraft({ key: change.key, sizeBytes: change.sizeBytes, nodeId: change.nodeId, tier, blockIndex }, nowMs);
}

/** A complete block held by one node in one tier, as a fresh registration writes it: no lease, pin or access yet. */
export function completeEntryDraft(block: Pick<BlockEntryDraft, 'key' | 'sizeBytes' | 'blockIndex'> & { readonly nodeId: NodeId; readonly tier: Tier }, nowMs: number): BlockEntryDraft {
  return {
    key: block.key,
    status: 'complete',
    sizeBytes: block.sizeBytes,
    replicas: [{ nodeId: block.nodeId, tier: block.tier }],
    blockIndex: block.blockIndex,
    createdAtMs: nowMs,
    leaseExpiresAtMs: 0,
    softPinExpiresAtMs: 0,
    hardPinned: false,
    lastAccessMs: nowMs,
    accessCount: 0,
  };
}

/** Changes applied with one read of their entries: bounds the writes in flight at once. */
const REPORT_RUN = 512;

/**
 * Applies nodes' tier changes to the replica map, in order. Reports from nodes that are not live
 * members are refused: one that never joined, and one silent past its timeout (fenced until its
 * next heartbeat rejoins it and its reconcile re-reports what it holds).
 */
export class ReplicaReports {
  constructor(
    private readonly ctx: MasterContext,
    private readonly registry: NodeRegistry,
  ) {}

  /**
   * A run of changes to distinct blocks is read at once and written at once (over Redis, one
   * round trip for the run rather than one per change); a change to a block already in the run
   * starts the next, so each block's changes still apply in order. The first run is read while the
   * reporters' membership is (one round trip for both); changes from a node that is not a member
   * are then passed over. The node sends no heartbeat until its report is applied, so a long
   * report stands for one, as a reconcile does.
   */
  async apply(changes: readonly TierChange[]): Promise<ReportOutcome[]> {
    const runs = distinctRuns(changes);
    const reporters = [...new Set(changes.map((change) => change.nodeId))];
    const readRun = (run: readonly number[]) => this.ctx.store.getEntries(run.map((i) => changes[i]!.key));
    const [joined, firstRead] = await Promise.all([Promise.all(reporters.map((nodeId) => this.registry.isLiveMember(nodeId))), runs.length > 0 ? readRun(runs[0]!) : []]);
    const live = new Map(reporters.map((nodeId, i) => [nodeId, joined[i]!]));
    const alive = reporters.filter((nodeId) => live.get(nodeId)).map((nodeId) => this.keepAlive(nodeId));
    const outcomes: ReportOutcome[] = changes.map((change) => (live.get(change.nodeId) ? 'unchanged' : 'unknown-node'));
    for (const [r, whole] of runs.entries()) {
      const read = r === 0 ? firstRead : undefined;
      const run = whole.map((i, j) => ({ i, read: read?.[j] })).filter(({ i }) => live.get(changes[i]!.nodeId) === true);
      if (run.length === 0) continue;
      const entries = read !== undefined ? run.map(({ read: entry }) => entry) : await readRun(run.map(({ i }) => i));
      const nowMs = this.ctx.clock.nowMs();
      const written = await this.ctx.writer.updateAllFrom(run.map(({ i }, j) => ({ key: changes[i]!.key, read: entries[j], decide: decideReport(changes[i]!, nowMs) })));
      written.forEach((outcome, j) => (outcomes[run[j]!.i] = outcome.ok ? outcome.value : 'contention'));
      for (const touch of alive) await touch();
    }
    return outcomes;
  }

  /**
   * Makes the master's view of one node equal the node's full inventory: anti-entropy for a node
   * that (re)joined, or periodically. The inventory must travel in the same ordered stream as the
   * node's tier changes, so a block stored after it was taken is re-added by its own report.
   * Runs of up to `REPORT_RUN` blocks are read at once and written at once (over Redis, a round
   * trip or two per run, not per block).
   */
  async reconcile(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<ReconcileReport> {
    if (!(await this.registry.isLiveMember(nodeId))) return { outcome: 'unknown-node', corrected: 0, dropped: 0 };
    const held = new Set(inventory.map((item) => item.key));
    const alive = this.keepAlive(nodeId);
    const gone = (await this.ctx.store.entriesOnNode(nodeId)).flatMap((entry) => {
      const replica = entry.replicas.find((r) => r.nodeId === nodeId);
      if (held.has(entry.key) || replica === undefined) return [];
      return [{ entry, change: { kind: 'removed', nodeId, key: entry.key, tier: replica.tier, reason: 'deleted' } as const }];
    });
    let dropped = 0;
    // The entries just read stand as the reads: one written since costs a conflict and a fresh decision.
    for (const run of runsOf(gone)) {
      const nowMs = this.ctx.clock.nowMs();
      dropped += applied(await this.ctx.writer.updateAllFrom(run.map(({ entry, change }) => ({ key: entry.key, read: entry, decide: decideReport(change, nowMs) }))));
      await alive();
    }
    let corrected = 0;
    for (const run of runsOf(inventory)) {
      const read = await this.ctx.store.getEntries(run.map((item) => item.key));
      const nowMs = this.ctx.clock.nowMs();
      const moves = run.map((item, j) => {
        const change: TierChange = { kind: 'moved', nodeId, key: item.key, from: item.tier, to: item.tier, sizeBytes: item.sizeBytes };
        return { key: item.key, read: read[j], decide: decideReport(change, nowMs) };
      });
      corrected += applied(await this.ctx.writer.updateAllFrom(moves));
      await alive();
    }
    return { outcome: 'reconciled', corrected, dropped };
  }

  /**
   * The node sends no heartbeat while its reconcile is under way: the reconcile stands for one,
   * several times a timeout, or a long one (a large inventory, a slow store) would see the node
   * expired with every replica it just re-reported, and its rejoin start the reconcile over.
   */
  private keepAlive(nodeId: NodeId): () => Promise<void> {
    let touchedAtMs = this.ctx.clock.nowMs();
    return async () => {
      if (this.ctx.clock.nowMs() - touchedAtMs < this.ctx.options.nodeTimeoutMs / 4) return;
      touchedAtMs = this.ctx.clock.nowMs();
      await this.registry.touch(nodeId);
    };
  }
}

/** Indexes of the changes, cut into runs of at most `REPORT_RUN` changes to distinct blocks, in order. */
function distinctRuns(changes: readonly TierChange[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  let keys = new Set<string>();
  changes.forEach((change, i) => {
    if (keys.has(change.key) || run.length === REPORT_RUN) {
      runs.push(run);
      run = [];
      keys = new Set();
    }
    run.push(i);
    keys.add(change.key);
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** `items` cut into runs of at most `REPORT_RUN`, in order. */
function runsOf<T>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += REPORT_RUN) runs.push(items.slice(start, start + REPORT_RUN));
  return runs;
}

/** How many of the outcomes changed an entry. */
function applied(outcomes: readonly Result<ReportOutcome, Contention>[]): number {
  return outcomes.filter((outcome) => outcome.ok && outcome.value === 'applied').length;
}
