import { type Engine } from '@tsukimi/engine';
import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { importLeadingBlocks } from '../pool/block-import';
import { type FetchedBlock, type KvPoolClient, type NodeReadStop, type PoolTier } from '../pool/kv-pool-client.port';
import { type BlockDigests } from '../pool/prompt-digests';
import { type PlanFallbackReason, type PlanOutcome, type PrefillPlan } from './prefill.plan';

/** The blocks a prefill took from the pool into the engine, and how its plan went. */
export interface LoadedPrefix {
  /** Keys now in the engine's memory that came from the pool, in prompt order. */
  readonly fromPool: readonly BlockKey[];
  /** Those blocks, by the tier they were read from. */
  readonly imported: Readonly<Record<PoolTier, number>>;
  /** Blocks the engine refused (bad checksum, foreign model or layout, another prompt's digest): they will be computed. */
  readonly refused: readonly BlockCodecError['kind'][];
  readonly outcome: PlanOutcome;
}

const STOP_REASON: Record<NodeReadStop, PlanFallbackReason> = { missing: 'block-missing', unreachable: 'node-unreachable' };

/**
 * Loads a prompt's leading blocks the way `plan` says, past the `ownBlocks` the engine already
 * holds. Where the plan cannot be followed it falls back, never at the cost of a wrong token:
 * blocks the chosen node did not serve are read from any other replica, and whatever is still
 * missing or refused is computed by the engine. Without a plan it reads the longest run the
 * pool holds. `skipPool` (the pool is known to hold nothing past the engine's own blocks) skips
 * every read but one from a node the plan names.
 */
export class PlannedPrefixLoader {
  private readonly fromPool: FetchedBlock[] = [];
  private readonly imported: Record<PoolTier, number> = { dram: 0, ssd: 0 };
  private readonly refused: BlockCodecError['kind'][] = [];

  private constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly keys: readonly BlockKey[],
    private readonly ownBlocks: number,
    private readonly digests: BlockDigests,
  ) {}

  /** `digests`: what each block's header must carry, from the prompt's tokens. */
  static async load(engine: Engine, pool: KvPoolClient, keys: readonly BlockKey[], digests: BlockDigests, ownBlocks: number, plan: PrefillPlan | undefined, skipPool: boolean): Promise<LoadedPrefix> {
    const loader = new PlannedPrefixLoader(engine, pool, keys, ownBlocks, digests);
    const outcome = await loader.follow(plan, skipPool);
    return { fromPool: loader.fromPool.map((b) => b.key), imported: loader.imported, refused: loader.refused, outcome };
  }

  private async follow(plan: PrefillPlan | undefined, skipPool: boolean): Promise<PlanOutcome> {
    if (plan === undefined) {
      if (!skipPool) await this.readAnyReplica(this.keys.length);
      return { branch: 'none', reason: 'no-plan' };
    }
    if (plan.branch === 'recompute') return { branch: plan.branch, reason: 'followed' };
    const target = Math.min(plan.reusedBlocks, this.keys.length);
    let reason: PlanFallbackReason | undefined = this.ownBlocks < Math.min(plan.deviceBlocks, target) ? 'device-evicted' : undefined;
    if (plan.branch === 'fetch' && plan.source !== undefined && this.next() < target) {
      const read = await this.pool.fetchFrom(plan.source.node, this.keys.slice(this.next(), target));
      const blocks = read.ok ? read.value.blocks : [];
      const stop = this.import(blocks);
      reason ??= stop ?? (!read.ok ? 'pool-unavailable' : read.value.stoppedBy && STOP_REASON[read.value.stoppedBy]);
      if (stop === 'block-corrupt') return { branch: plan.branch, reason: stop };
    }
    if (this.next() < target) {
      // The caller's index shows the pool holding nothing past the engine's own blocks (a prefix
      // still on its way from another instance): asking would only delay the compute.
      const stop = skipPool ? 'block-missing' : await this.readAnyReplica(target);
      reason ??= stop;
    }
    return { branch: plan.branch, reason: reason ?? 'followed' };
  }

  /** The first block not yet in the engine. */
  private next(): number {
    return this.ownBlocks + this.fromPool.length;
  }

  /** Reads the blocks from the next up to `end` from whichever replicas hold them; says why it fell short, if it did. */
  private async readAnyReplica(end: number): Promise<PlanFallbackReason | undefined> {
    if (this.next() >= end) return undefined;
    const read = await this.pool.fetchPrefix(this.keys.slice(this.next(), end));
    if (!read.ok) return 'pool-unavailable';
    return this.import(read.value) ?? (this.next() < end ? 'block-missing' : undefined);
  }

  /** Imports a leading run into the engine; `block-corrupt` when the engine refused one of them. */
  private import(blocks: readonly FetchedBlock[]): 'block-corrupt' | undefined {
    const report = importLeadingBlocks(this.engine, blocks, this.digests);
    const taken = report.imported.dram + report.imported.ssd;
    this.fromPool.push(...blocks.slice(0, taken));
    this.imported.dram += report.imported.dram;
    this.imported.ssd += report.imported.ssd;
    this.refused.push(...report.refused);
    return report.refused.length > 0 ? 'block-corrupt' : undefined;
  }
}
