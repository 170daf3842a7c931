import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { NODE_TIERS, type NodeTier } from '../common/tier.model';
import { PLACEMENT_STRATEGIES, type PlacementStrategyType } from '../placement/placement.port';
import { placementStrategy } from '../placement/placement.registry';
import { type NodeCommand } from '../node/node-command.model';
import { type PlannedUpdate } from './entry.writer';
import { type MasterContext } from './master.context';
import { decidePutEnd, decidePutRevoke, decidePutStart, type PutEndAnswer, type PutStartAnswer } from './put.decisions';
import { type ReplicaAllocator } from './replica.allocator';
import { StartedPuts } from './started.puts';
import { type InvalidRequest, type PutEndError, type PutRevokeError, type PutStartError } from './store.errors';

export interface PutStartOptions {
  /** How many nodes get a copy; the master's default when absent. Fewer are placed when fewer nodes have room. */
  readonly replicas?: number;
  readonly strategy?: PlacementStrategyType;
  /** The writer's own node, for `local-first`. */
  readonly preferredNode?: NodeId;
  /** Where the copies go; `dram` when absent. */
  readonly tier?: NodeTier;
  /** Position of the block in its request, for length-aware eviction; 0 when absent. */
  readonly blockIndex?: number;
}

export interface PutStartItem {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly options?: PutStartOptions;
}

/** Start → write → end, or revoke: a block is visible only once every replica has been written. */
export class TwoPhasePut {
  private readonly started = new StartedPuts();

  constructor(
    private readonly ctx: MasterContext,
    private readonly allocator: ReplicaAllocator,
  ) {
    ctx.writer.watch((key, entry) => this.started.record(key, entry));
  }

  start(key: BlockKey, sizeBytes: number, options: PutStartOptions = {}): Promise<Result<PutStartAnswer, PutStartError>> {
    return this.startBatch([{ key, sizeBytes, options }]).then(([answer]) => answer!);
  }

  /**
   * Starts many puts with one read of their entries and one of the ledger: placements are made in
   * order, each counting the bytes the earlier ones allocated, then every pending entry is written
   * at once (one `swapEntries`: over Redis, one script call for up to a few hundred). An entry written meanwhile by someone else
   * costs that block a conflict and a fresh decision, never a lost update.
   */
  async startBatch(items: readonly PutStartItem[]): Promise<Result<PutStartAnswer, PutStartError>[]> {
    const answers: Result<PutStartAnswer, PutStartError>[] = new Array(items.length);
    const valid = items.map((item) => this.validate(item.key, item.sizeBytes, item.options?.replicas ?? this.ctx.options.defaultReplicas, item.options ?? {}));
    // Both reads at once: over Redis, one round trip fewer per batch.
    const [entries, round] = await Promise.all([this.ctx.store.getEntries(items.flatMap((item, i) => (valid[i] === undefined ? [item.key] : []))), this.allocator.round()]);
    const nowMs = this.ctx.clock.nowMs();
    const writes: PlannedUpdate<Result<PutStartAnswer, PutStartError>>[] = [];
    const written: number[] = [];
    let read = 0;
    for (const [i, { key, sizeBytes, options = {} }] of items.entries()) {
      const invalid = valid[i];
      if (invalid !== undefined) {
        answers[i] = err(invalid);
        continue;
      }
      const current = entries[read++];
      if (current?.status === 'complete') answers[i] = ok({ outcome: 'exists', replicas: current.replicas });
      else if (current !== undefined) answers[i] = err({ kind: 'in-progress', key });
      else {
        const tier = options.tier ?? 'dram';
        const strategy = placementStrategy(options.strategy ?? this.ctx.options.placement);
        const nodes = round.allocate({ sizeBytes, replicas: options.replicas ?? this.ctx.options.defaultReplicas, tier, preferredNode: options.preferredNode }, strategy);
        if (nodes.length === 0) answers[i] = err({ kind: 'no-space', key, sizeBytes });
        else {
          const pending = { key, sizeBytes, replicas: nodes.map((nodeId) => ({ nodeId, tier })), blockIndex: options.blockIndex ?? 0, nowMs };
          writes.push({ key, read: current, decide: decidePutStart(pending) });
          written.push(i);
        }
      }
    }
    (await this.ctx.writer.updateAllResultsFrom(writes)).forEach((answer, j) => (answers[written[j]!] = answer));
    return answers;
  }

  end(key: BlockKey): Promise<Result<PutEndAnswer, PutEndError>> {
    return this.endBatch([key]).then(([answer]) => answer!);
  }

  /**
   * Ends many puts with every write at once (one `swapEntries`), deciding on the entries this
   * master wrote at their start (`StartedPuts`): over Redis, one round trip where a read and then
   * the write took two. Only the puts it does not hold (started before a change of leader, or
   * past its bound) are read first, in one read.
   */
  async endBatch(keys: readonly BlockKey[]): Promise<Result<PutEndAnswer, PutEndError>[]> {
    const kept = keys.map((key) => this.started.get(key));
    const unknown = keys.filter((_, i) => kept[i] === undefined);
    const read = unknown.length === 0 ? [] : await this.ctx.store.getEntries(unknown);
    let next = 0;
    const entries = kept.map((entry) => entry ?? read[next++]);
    const nowMs = this.ctx.clock.nowMs();
    return this.ctx.writer.updateAllResultsFrom(keys.map((key, i) => ({ key, read: entries[i], decide: decidePutEnd(key, nowMs) })));
  }

  /** Drops the entries kept from put starts: another master may have written meanwhile. */
  forget(): void {
    this.started.forget();
  }

  /** Drops a pending put; the answer is the delete commands for the nodes it was placed on. */
  revoke(key: BlockKey): Promise<Result<readonly NodeCommand[], PutRevokeError>> {
    return this.ctx.writer.updateResult(key, decidePutRevoke(key));
  }

  /** Revokes puts whose writer never ended them within the pending timeout. */
  async expireAbandoned(): Promise<{ readonly revoked: readonly BlockKey[]; readonly commands: readonly NodeCommand[] }> {
    const cutoffMs = this.ctx.clock.nowMs() - this.ctx.options.pendingPutTimeoutMs;
    const revoked: BlockKey[] = [];
    const commands: NodeCommand[] = [];
    for (const entry of await this.ctx.store.pendingEntries()) {
      if (entry.createdAtMs > cutoffMs) continue;
      const outcome = await this.ctx.writer.updateResult(entry.key, decidePutRevoke(entry.key, entry.createdAtMs));
      if (!outcome.ok) continue;
      revoked.push(entry.key);
      commands.push(...outcome.value);
    }
    return { revoked, commands };
  }

  private validate(key: BlockKey, sizeBytes: number, replicas: number, options: PutStartOptions): InvalidRequest | undefined {
    const invalid = (field: string, reason: string): InvalidRequest => ({ kind: 'invalid-request', key, field, reason });
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1) return invalid('sizeBytes', `must be a positive integer, got ${sizeBytes}`);
    if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > this.ctx.options.maxReplicas) {
      return invalid('replicas', `must be an integer in [1, ${this.ctx.options.maxReplicas}], got ${replicas}`);
    }
    if (options.tier !== undefined && !NODE_TIERS.includes(options.tier)) return invalid('tier', `must be one of ${NODE_TIERS.join(', ')}`);
    if (options.strategy !== undefined && !PLACEMENT_STRATEGIES.includes(options.strategy)) {
      return invalid('strategy', `must be one of ${PLACEMENT_STRATEGIES.join(', ')}`);
    }
    const blockIndex = options.blockIndex ?? 0;
    if (!Number.isSafeInteger(blockIndex) || blockIndex < 0) return invalid('blockIndex', `must be a non-negative integer, got ${blockIndex}`);
    return undefined;
  }
}
