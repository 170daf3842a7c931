import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { NODE_TIERS, type NodeTier } from '../common/tier.model';
import { PLACEMENT_STRATEGIES, type PlacementStrategyType } from '../placement/placement.port';
import { placementStrategy } from '../placement/placement.registry';
import { type NodeCommand } from '../node/node-command.model';
import { type MasterContext } from './master.context';
import { decidePutEnd, decidePutRevoke, decidePutStart, type PutEndAnswer, type PutStartAnswer } from './put.decisions';
import { type ReplicaAllocator } from './replica.allocator';
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

/** Start → write → end, or revoke: a block is visible only once every replica has been written. */
export class TwoPhasePut {
  constructor(
    private readonly ctx: MasterContext,
    private readonly allocator: ReplicaAllocator,
  ) {}

  async start(key: BlockKey, sizeBytes: number, options: PutStartOptions = {}): Promise<Result<PutStartAnswer, PutStartError>> {
    const replicas = options.replicas ?? this.ctx.options.defaultReplicas;
    const invalid = this.validate(key, sizeBytes, replicas, options);
    if (invalid !== undefined) return err(invalid);
    const [current] = await this.ctx.store.getEntries([key]);
    if (current?.status === 'complete') return ok({ outcome: 'exists', replicas: current.replicas });
    if (current !== undefined) return err({ kind: 'in-progress', key });
    const tier = options.tier ?? 'dram';
    const strategy = placementStrategy(options.strategy ?? this.ctx.options.placement);
    const nodes = await this.allocator.allocate({ sizeBytes, replicas, tier, preferredNode: options.preferredNode }, strategy);
    if (nodes.length === 0) return err({ kind: 'no-space', key, sizeBytes });
    const pending = { key, sizeBytes, replicas: nodes.map((nodeId) => ({ nodeId, tier })), blockIndex: options.blockIndex ?? 0, nowMs: this.ctx.clock.nowMs() };
    return this.ctx.writer.updateResult(key, decidePutStart(pending));
  }

  end(key: BlockKey): Promise<Result<PutEndAnswer, PutEndError>> {
    return this.ctx.writer.updateResult(key, decidePutEnd(key, this.ctx.clock.nowMs()));
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
