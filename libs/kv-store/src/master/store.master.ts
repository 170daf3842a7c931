import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { type NodeId } from '../common/node-id';
import { type TierBytes } from '../common/tier.model';
import { mathRandom, type Random } from '../common/random';
import { type EventBatch, type EventGap, type IndexSnapshot } from '../events/index-event.model';
import { type IndexSource } from '../events/index-source.port';
import { evictionPolicy } from '../eviction/eviction-policy.registry';
import { type MetadataStore } from '../metadata/metadata-store.port';
import { type NodeRecord } from '../metadata/node-record.model';
import { type NodeCommand } from '../node/node-command.model';
import { type InventoryItem, type TierChange } from '../node/tier-change.model';
import { type BlockCopier } from '../replication/block-copier.port';
import { BlockReadStats, type BlockReadReport } from './block-read.stats';
import { BlockRemover } from './block.remover';
import { EntryWriter } from './entry.writer';
import { EvictionRunner, type EvictedByTier } from './eviction.runner';
import { IndexFeed, type IndexListener } from './index.feed';
import { LeasedRead, type GetHit } from './leased.read';
import { type MasterContext } from './master.context';
import { NodeRegistry, type HeartbeatAnswer, type HeartbeatReport, type InvalidReport, type NodeDeparture } from './node.registry';
import { type DrainedDeparture, NodeDrainer } from './node.drainer';
import { PinKeeper, type PinKind } from './pin.keeper';
import { ProtectionTally, type ProtectionCensus } from './protection.census';
import { type PutEndAnswer, type PutStartAnswer } from './put.decisions';
import { ReplicaAllocator } from './replica.allocator';
import { HotSpotReplicator, type ReplicationReport } from './hot-spot.replicator';
import { ReplicaReports, type ReconcileReport, type ReportOutcome } from './replica.reports';
import { compileStoreMasterOptions, type CompiledStoreMasterOptions, type StoreMasterOptions } from './store-master.options';
import { type GetError, type PinError, type PutEndError, type PutRevokeError, type PutStartError, type RemoveError } from './store.errors';
import { TwoPhasePut, type PutStartItem, type PutStartOptions } from './two-phase.put';

export { type PutStartItem } from './two-phase.put';

export interface StoreMasterDeps {
  readonly store: MetadataStore;
  readonly clock: Clock;
  /** Placement draws; Math.random when absent. */
  readonly random?: Random;
  readonly options?: StoreMasterOptions;
  /** How hot-spot replication and node drains copy blocks between nodes; hot-spot replication runs only with one and `hotReplicas` above 1, drains only with one. */
  readonly copier?: BlockCopier;
}

/** What one maintenance pass did; the adapter delivers `commands` to the nodes. */
export interface TickReport {
  readonly departedNodes: readonly NodeDeparture[];
  readonly revokedPuts: readonly BlockKey[];
  readonly commands: readonly NodeCommand[];
  /** Replicas evicted by tier in this pass (each also has a command in `commands`). */
  readonly evicted: EvictedByTier;
}

/**
 * Mooncake Store semantics over a MetadataStore: a facade over small collaborators, one per
 * concern. It holds no state of its own but a census it can recount, so a standby master over
 * the same store resumes at once.
 */
export class StoreMaster implements IndexSource {
  readonly options: CompiledStoreMasterOptions;
  private readonly feed: IndexFeed;
  private readonly registry: NodeRegistry;
  private readonly puts: TwoPhasePut;
  private readonly reads: LeasedRead;
  private readonly remover: BlockRemover;
  private readonly pins: PinKeeper;
  private readonly reports: ReplicaReports;
  private readonly eviction: EvictionRunner;
  private readonly replicator: HotSpotReplicator | undefined;
  private readonly drainer: NodeDrainer | undefined;
  private readonly store: MetadataStore;
  private readonly clock: Clock;
  private readonly census: ProtectionTally;
  private readonly readStats: BlockReadStats;

  constructor(deps: StoreMasterDeps) {
    this.options = compileStoreMasterOptions(deps.options);
    this.feed = new IndexFeed(deps.store);
    const writer = new EntryWriter(deps.store, (events) => this.feed.publish(events));
    const ctx: MasterContext = { store: deps.store, writer, clock: deps.clock, random: deps.random ?? mathRandom, options: this.options };
    this.store = deps.store;
    this.clock = deps.clock;
    this.census = new ProtectionTally(deps.store);
    writer.watch((key, entry) => this.census.record(key, entry));
    this.registry = new NodeRegistry(ctx);
    this.puts = new TwoPhasePut(ctx, new ReplicaAllocator(ctx, this.registry));
    this.reads = new LeasedRead(ctx, this.registry);
    this.readStats = new BlockReadStats(this.options, deps.clock);
    this.remover = new BlockRemover(ctx);
    this.pins = new PinKeeper(ctx);
    this.reports = new ReplicaReports(ctx, this.registry);
    this.eviction = new EvictionRunner(ctx, evictionPolicy(this.options.evictionPolicy));
    this.replicator = deps.copier && this.options.hotReplicas > 1 ? new HotSpotReplicator(ctx, this.registry, deps.copier) : undefined;
    const replicator = this.replicator;
    this.drainer = deps.copier ? new NodeDrainer(ctx, this.registry, deps.copier, replicator ? (key, nowMs) => replicator.readsInWindow(key, nowMs) : undefined) : undefined;
  }

  /** Allocates replicas for a new block; `exists` when it is already complete. */
  putStart(key: BlockKey, sizeBytes: number, options?: PutStartOptions): Promise<Result<PutStartAnswer, PutStartError>> {
    return this.puts.start(key, sizeBytes, options);
  }

  /** Placed in order, so each placement counts the bytes the earlier ones allocated; read once and written at once. */
  putStartBatch(items: readonly PutStartItem[]): Promise<Result<PutStartAnswer, PutStartError>[]> {
    return this.puts.startBatch(items);
  }

  /** Makes a written block visible. */
  putEnd(key: BlockKey): Promise<Result<PutEndAnswer, PutEndError>> {
    return this.puts.end(key);
  }

  putEndBatch(keys: readonly BlockKey[]): Promise<Result<PutEndAnswer, PutEndError>[]> {
    return this.puts.endBatch(keys);
  }

  /** Abandons a pending put; the answer is the delete commands for its nodes. */
  putRevoke(key: BlockKey): Promise<Result<readonly NodeCommand[], PutRevokeError>> {
    return this.puts.revoke(key);
  }

  putRevokeBatch(keys: readonly BlockKey[]): Promise<Result<readonly NodeCommand[], PutRevokeError>[]> {
    return Promise.all(keys.map((key) => this.puts.revoke(key)));
  }

  /** Replicas of each complete block, each with a lease (`leaseTtlMs`, or the master's default). */
  async get(keys: readonly BlockKey[], leaseTtlMs?: number): Promise<Result<GetHit, GetError>[]> {
    const hits = await this.reads.get(keys, leaseTtlMs ?? this.options.leaseTtlMs);
    this.readStats.record(keys, hits);
    this.replicator?.recordReads(hits.flatMap((hit) => (hit.ok ? [hit.value.key] : [])));
    return hits;
  }

  /**
   * One hot-spot replication pass: copies hot blocks to more nodes, drops the added copies of
   * blocks that cooled. Nothing when replication is off. The adapter delivers the `commands`.
   */
  replicateHot(): Promise<ReplicationReport> {
    return this.replicator ? this.replicator.pass() : Promise.resolve({ decisions: [], commands: [] });
  }

  /** Whether hot-spot replication runs (a copier given and `hotReplicas` above 1). */
  get replicatesHot(): boolean {
    return this.replicator !== undefined;
  }

  /**
   * What this master saw of reads since it started: the sampled reuse-distance histogram (the
   * pool's hit-ratio curve), the decayed hits of `keys`, the mean size of a block read. Kept in
   * this process: a new leader starts from nothing.
   */
  readReport(keys: readonly BlockKey[]): BlockReadReport {
    return this.readStats.report(keys);
  }

  /** Whether each block is complete; grants no lease and refreshes nothing. */
  exists(keys: readonly BlockKey[]): Promise<boolean[]> {
    return this.reads.exists(keys);
  }

  remove(key: BlockKey): Promise<Result<readonly NodeCommand[], RemoveError>> {
    return this.remover.remove(key);
  }

  removeBatch(keys: readonly BlockKey[]): Promise<Result<readonly NodeCommand[], RemoveError>[]> {
    return Promise.all(keys.map((key) => this.remover.remove(key)));
  }

  softPin(key: BlockKey, ttlMs: number): Promise<Result<void, PinError>> {
    return this.pins.softPin(key, ttlMs);
  }

  hardPin(key: BlockKey): Promise<Result<void, PinError>> {
    return this.pins.hardPin(key);
  }

  unpin(key: BlockKey, kind: PinKind): Promise<Result<void, PinError>> {
    return this.pins.unpin(key, kind);
  }

  /** Joins or refreshes a node; `joined` asks it to report every block it holds. */
  heartbeat(nodeId: NodeId, report: HeartbeatReport): Promise<Result<HeartbeatAnswer, InvalidReport>> {
    return this.registry.heartbeat(nodeId, report);
  }

  /**
   * A node's graceful leave. With a drain budget (and a copier), its blocks first move to other
   * nodes (`NodeDrainer`); without, its replicas are dropped at once.
   */
  leave(nodeId: NodeId, drainBudgetMs = 0): Promise<NodeDeparture | DrainedDeparture | undefined> {
    return drainBudgetMs > 0 && this.drainer ? this.drainer.drainAndLeave(nodeId, drainBudgetMs) : this.registry.leave(nodeId);
  }

  /** Applies what nodes report of their tiers (stored, moved, removed). */
  reportTierChanges(changes: readonly TierChange[]): Promise<ReportOutcome[]> {
    return this.reports.apply(changes);
  }

  /** Makes the master's replicas on a node match the node's full inventory (after a join, and now and then). */
  reconcileNode(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<ReconcileReport> {
    return this.reports.reconcile(nodeId, inventory);
  }

  /** One maintenance pass: silent nodes out, abandoned puts revoked, tiers over the watermark evicted. */
  async tick(): Promise<TickReport> {
    const departedNodes = await this.registry.expire();
    const abandoned = await this.puts.expireAbandoned();
    const evictions = await this.eviction.run(await this.registry.liveNodes());
    return { departedNodes, revokedPuts: abandoned.revoked, commands: [...abandoned.commands, ...evictions.commands], evicted: evictions.evicted };
  }

  /** Every live member with its budgets and what the master's ledger counts as used, per tier. */
  async nodeUsage(): Promise<{ readonly nodeId: NodeId; readonly capacityBytes: TierBytes; readonly usedBytes: TierBytes }[]> {
    const nodes = await this.registry.liveNodes();
    return Promise.all(nodes.map(async (node) => ({ nodeId: node.nodeId, capacityBytes: node.capacityBytes, usedBytes: await this.store.usedBytes(node.nodeId) })));
  }

  /** Blocks started and not yet ended or revoked: readers do not see them, and their bytes are allocated until one of the two. */
  async pendingBlocks(): Promise<number> {
    return (await this.store.pendingEntries()).length;
  }

  /**
   * Blocks under a lease, a soft pin or a hard pin now. The first call (and the first after
   * `forgetKept`) reads every entry; later ones are kept from this master's own writes and
   * cost the protections held, not the blocks in the pool.
   */
  protections(): Promise<ProtectionCensus> {
    return this.census.take(this.clock.nowMs());
  }

  /**
   * Drops what this master keeps of the entries from its own writes, the census and the puts it
   * started: another master may have written meanwhile (call on losing or regaining leadership).
   */
  forgetKept(): void {
    this.census.forget();
    this.puts.forget();
  }

  /** Live members as their last heartbeats describe them (data addresses included). */
  liveNodes(): Promise<NodeRecord[]> {
    return this.registry.liveNodes();
  }

  snapshot(): Promise<IndexSnapshot> {
    return this.feed.snapshot();
  }

  since(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>> {
    return this.feed.since(epoch, afterId, limit);
  }

  subscribe(listener: IndexListener): () => void {
    return this.feed.subscribe(listener);
  }
}
