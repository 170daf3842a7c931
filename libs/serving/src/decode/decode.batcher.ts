import { type Engine, type EngineError, type GeneratedToken, Generation, type SequenceId } from '@tsukimi/engine';
import { type BlockCodecErrorKind } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { DecodeStepOnlineFit } from '@tsukimi/scheduler';
import { checkAdapter } from '../adapter/adapter.check';
import { importLeadingBlocks } from '../pool/block-import';
import { sameBlockKeys } from '../pool/block-keys.equal';
import { PromptDigests } from '../pool/prompt-digests';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { reuseByTier } from '../pool/token-reuse';
import { type StoreTally } from '../prefill/chunked-store';
import { type DeviceBlockHeat } from '../device/device-block.heat';
import { BlockPrefetch } from './block-prefetch';
import { type DecodeFailure, type DecodeHandle, type DecodeJob, type DecodeSink, type PrefetchJob } from './decode.job';
import { type LocalPrefillSteps, prefillLocally } from './local-prefill';
import { LocalRunStores } from './local-run.stores';
import { PrefillChunkBound } from './prefill-chunk.bound';

/** The longest prompt chunk computed between two steps where no SLO bounds it. */
const DEFAULT_MAX_PREFILL_CHUNK_TOKENS = 512;

export interface DecodeBatcherOptions {
  /** Sequences advanced per step at most; the rest wait for the next step. */
  readonly maxBatchSize: number;
  /**
   * Time-between-tokens SLO of one step. When set, a step takes only as many members as the
   * measured step times predict to fit in it; without it, every step takes `maxBatchSize`.
   */
  readonly tbtSloMs?: number;
  /** Told after each step, for step-time and batch-size metrics. */
  readonly onStep?: (batchSize: number, stepMs: number) => void;
  /** Told the number of members whenever one joins or leaves. */
  readonly onMembers?: (activeRequests: number) => void;
  /**
   * The most prompt tokens computed between two steps when the instance runs a whole request
   * itself (512 when absent); with a TBT SLO, fewer, so that the step and the chunk fit in it.
   */
  readonly maxPrefillChunkTokens?: number;
  /**
   * How `prefetch` waits for blocks its prefill has not stored yet: the longest one look waits for
   * the pool to store the next block (the pool answers as it lands), and when to give up (500 ms
   * and 30 s when absent); told the blocks each look imported before `start`, and the blocks the
   * engine refused as it refuses them.
   */
  readonly prefetch?: {
    readonly waitMs?: number;
    readonly deadlineMs?: number;
    readonly onImported?: (blocks: number) => void;
    readonly onRefused?: (refused: readonly BlockCodecErrorKind[]) => void;
  };
  /** Told, as a prefetched request's decode starts, every block its prefetch imported, before `start` and after. */
  readonly onPrefetchFinished?: (blocks: number) => void;
  /** Told what the pool took of the prompt blocks of a request run here whole, once it took them. */
  readonly onLocalStored?: (tally: StoreTally) => void;
  /**
   * Told, as each sequence leaves, the full blocks of its KV (prompt and generated tokens, keyed as
   * a prefill of the same tokens would key them), for a drain to hand to the pool: a follow-up turn
   * sends them back as its prompt, and the pool has only the prompt's part of them.
   */
  readonly heat?: DeviceBlockHeat;
  readonly monotonicMs: () => number;
}

/** The prompt's KV in the sequence, and the token the first step appends. */
interface Filled {
  readonly reusedTokens: number;
  readonly computedTokens: number;
  readonly nextInput: number;
  /** Sampled here, for a request run here whole. */
  readonly first?: GeneratedToken;
  /** For a request run here whole: when its prompt's blocks can be exported to the pool. */
  readonly sealed?: Promise<void>;
}

interface Member {
  readonly sequence: SequenceId;
  readonly generation: Generation;
  readonly sink: DecodeSink;
  /** Join order: the larger, the newer. */
  readonly joined: number;
  nextInput: number;
  cancelled: boolean;
  /** The prompt's blocks on their way to the pool: the sequence stays open until then, so none is evicted first. */
  readonly storing: Promise<unknown> | undefined;
  /** What the sequence's KV holds so far: every token fed to the engine, `nextInput` not yet. */
  readonly kv: SequenceKv;
}

/** The tokens a sequence's KV holds and the namespace they are keyed in. */
interface SequenceKv {
  readonly tokens: number[];
  readonly tenantSalt: string;
  readonly adapter: string | undefined;
  /** Leading blocks reused from the engine's own memory. */
  readonly ownBlocks: number;
}

/**
 * Continuous batching for one decode instance: requests join between steps once their
 * prompt KV is loaded, every step advances up to a batch bound of members by one token, and
 * members leave as soon as they finish or are cancelled.
 *
 * Members queue round-robin: a step takes the bound's worth from the front and sends those
 * that continue to the back, so with more members than the bound each still advances at least
 * once every `ceil(members / bound)` steps, and nobody waits for another request to finish.
 */
export class DecodeBatcher {
  private readonly members: Member[] = [];
  private looping = false;
  private draining = false;
  private drained: (() => void)[] = [];
  private joins = 0;
  private readonly stepTimes: DecodeStepOnlineFit | undefined;
  /** Prompt chunks of requests run here whole, each waiting for its turn between two steps. */
  private readonly chunkTurns: (() => Promise<void>)[] = [];
  private readonly localSteps: LocalPrefillSteps;
  private readonly prefetches: BlockPrefetch;
  private readonly localStores: LocalRunStores;
  private readonly promptDigests: PromptDigests;

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly options: DecodeBatcherOptions,
  ) {
    this.prefetches = new BlockPrefetch(engine, pool, { waitMs: 500, deadlineMs: 30_000, ...options.prefetch, monotonicMs: options.monotonicMs });
    this.localStores = new LocalRunStores(engine, pool, options.onLocalStored);
    this.promptDigests = new PromptDigests(engine);
    this.stepTimes = options.tbtSloMs === undefined ? undefined : new DecodeStepOnlineFit({ maxBatchSize: options.maxBatchSize });
    const blockSizeTokens = engine.info.blockLayout.blockSizeTokens;
    const bound = new PrefillChunkBound(Math.max(blockSizeTokens, options.maxPrefillChunkTokens ?? DEFAULT_MAX_PREFILL_CHUNK_TOKENS), blockSizeTokens);
    this.localSteps = {
      bound,
      monotonicMs: options.monotonicMs,
      onLoop: (work) => this.onLoop(work),
      chunkTokens: () => bound.tokens(options.tbtSloMs, this.batchSize === 0 ? undefined : this.stepTimes?.predictMs(this.batchSize)),
    };
  }

  get activeRequests(): number {
    return this.members.length;
  }

  /** Members the next step advances: the batch running now. */
  get batchSize(): number {
    return Math.min(this.members.length, this.batchBound);
  }

  /** Members waiting for a seat: beyond what the next step takes, they advance in a later one. */
  get waitingRequests(): number {
    return Math.max(0, this.members.length - this.batchBound);
  }

  /** Members the next step takes at most: `maxBatchSize`, or less where the TBT SLO needs it. */
  get batchBound(): number {
    const { tbtSloMs, maxBatchSize } = this.options;
    return this.stepTimes && tbtSloMs !== undefined ? this.stepTimes.largestBatchWithin(tbtSloMs) : maxBatchSize;
  }

  /**
   * Starts loading a request's blocks while its prefill still computes and stores them, before
   * `start`: the blocks warm the engine's memory, and `start` loads or recomputes what is not
   * there yet. The instance keys the prompt's tokens itself and checks each block's digest, so a
   * colliding key cannot bring another prompt's KV; a job whose block keys are not this instance's
   * (another model, adapter or tenant) or whose adapter it lacks loads nothing.
   */
  prefetch(job: PrefetchJob): void {
    if (this.draining) return;
    const adapter = checkAdapter(this.engine, job.adapter);
    if (!adapter.ok) return;
    const keys = this.engine.blockKeys(job.promptTokens, job.tenantSalt, adapter.value);
    if (!sameBlockKeys(keys, job.blockKeys)) return;
    this.prefetches.start(job.requestId, keys, this.promptDigests.of(job.promptTokens, keys, job.tenantSalt, adapter.value));
  }

  /**
   * Loads the request's KV (own memory, then pool, then recompute) and joins the batch. A job
   * without a first token is run here whole: its prompt is computed in chunks between the
   * batch's steps, and the first token sampled from it comes back in `started`.
   */
  async start(job: DecodeJob, sink: DecodeSink): Promise<Result<DecodeHandle, DecodeFailure>> {
    if (this.draining) return err({ kind: 'draining' });
    const { engine } = this;
    const local = job.firstToken === undefined;
    const generated = generatedSoFar(job);
    const maxTokens = Math.min(job.generation.maxTokens, engine.info.contextTokens - job.promptTokens.length);
    if (maxTokens <= generated.length) return err({ kind: 'nothing-to-decode' });
    const adapter = checkAdapter(engine, job.adapter);
    if (!adapter.ok) return adapter;
    const keys = engine.blockKeys(job.promptTokens, job.tenantSalt, adapter.value);
    if (job.blockKeys.length > 0 && !sameBlockKeys(keys, job.blockKeys)) {
      return err({ kind: 'handle-mismatch', message: 'the KV handle does not match this instance\'s block keys (model, adapter, block size or tenant differ)' });
    }
    const prefetched = await this.prefetches.finish(job.requestId);
    if (prefetched.dram + prefetched.ssd > 0) this.options.onPrefetchFinished?.(prefetched.dram + prefetched.ssd);
    const own = engine.cachedPrefixBlocks(keys);
    const fetched = own < keys.length ? await this.pool.fetchPrefix(keys.slice(own)) : ok([]);
    const digests = this.promptDigests.of(job.promptTokens, keys, job.tenantSalt, adapter.value);
    const loaded = importLeadingBlocks(engine, fetched.ok ? fetched.value : [], digests);
    // Blocks the prefetch brought are in the engine's memory now, but came from the pool.
    const ownBefore = Math.max(0, own - prefetched.dram - prefetched.ssd);
    const report = { ...loaded, imported: { dram: loaded.imported.dram + prefetched.dram, ssd: loaded.imported.ssd + prefetched.ssd } };

    const sequence = engine.openSequence(job.tenantSalt, adapter.value);
    const blockSizeTokens = engine.info.blockLayout.blockSizeTokens;
    const generation = new Generation({ ...job.generation, maxTokens }, engine.tokenizer, {
      prompt: job.promptTokens,
      ...(local ? {} : { replay: generated }),
    });
    const filled = await this.fill(sequence, job, generated, generation, engine.cachedPrefixBlocks(keys) * blockSizeTokens);
    if (!filled.ok) {
      engine.closeSequence(sequence);
      return err(filled.error);
    }
    const { first, nextInput, sealed } = filled.value;
    const kv: SequenceKv = { tokens: [...job.promptTokens, ...generated.slice(0, -1)], tenantSalt: job.tenantSalt, adapter: adapter.value, ownBlocks: ownBefore };
    // Blocks the pool supplied it has; the others it gets, as a prefill instance would store them.
    const fromPool = new Set(keys.slice(ownBefore, own + loaded.imported.dram + loaded.imported.ssd));
    const toStore = keys.filter((key) => !fromPool.has(key));
    const storing = sealed && toStore.length > 0 ? this.localStores.store(toStore, sealed, digests) : undefined;
    const started = {
      loadedTokens: filled.value.reusedTokens,
      reused: reuseByTier(filled.value.reusedTokens, ownBefore, report.imported, blockSizeTokens),
      computedTokens: filled.value.computedTokens,
      fetchedBlocks: report.imported.dram + report.imported.ssd,
      refusedBlocks: report.refused.length,
      refused: report.refused,
      ...(first ? { firstToken: first } : {}),
    };
    if (first?.finishReason) {
      this.close(sequence, storing, kv);
      return ok({ started, cancel: () => undefined });
    }
    const member: Member = { sequence, generation, sink, joined: this.joins++, nextInput, cancelled: false, storing, kv };
    this.members.push(member);
    this.options.onMembers?.(this.members.length);
    this.kick();
    return ok({
      started,
      cancel: () => {
        member.cancelled = true;
      },
    });
  }

  /**
   * Fills the sequence with the prompt's KV: given the tokens generated so far, at once (blocks
   * loaded, the rest and every generated token but the last recomputed, the last being the next
   * step's input); without them, in chunks between steps, sampling the first token here.
   */
  private async fill(sequence: SequenceId, job: DecodeJob, generated: readonly number[], generation: Generation, cachedTokens: number): Promise<Result<Filled, EngineError>> {
    const last = generated[generated.length - 1];
    if (last !== undefined) {
      const filled = await this.engine.prefill(sequence, [...job.promptTokens, ...generated.slice(0, -1)], { logits: 'none' });
      return filled.ok ? ok({ reusedTokens: filled.value.reusedTokens, computedTokens: filled.value.computedTokens, nextInput: last }) : filled;
    }
    const local = await prefillLocally(this.engine, sequence, job.promptTokens, cachedTokens, this.localSteps);
    if (!local.ok) return local;
    const first = generation.next(local.value.logits);
    return ok({ reusedTokens: local.value.reusedTokens, computedTokens: local.value.computedTokens, nextInput: first.token, first, sealed: local.value.sealed });
  }

  private close(sequence: SequenceId, after: Promise<unknown> | undefined, kv: SequenceKv): void {
    this.remember(kv);
    if (after) void after.finally(() => this.engine.closeSequence(sequence));
    else this.engine.closeSequence(sequence);
  }

  /** Tells the heat the full blocks the sequence's KV leaves in the engine's memory. */
  private remember({ tokens, tenantSalt, adapter, ownBlocks }: SequenceKv): void {
    const heat = this.options.heat;
    if (!heat) return;
    const keys = this.engine.blockKeys(tokens, tenantSalt, adapter);
    if (keys.length > 0) heat.touch(keys, this.promptDigests.of(tokens, keys, tenantSalt, adapter), ownBlocks);
  }

  /** Refuses new requests and resolves once every member has finished and every store of a local run with it. */
  async drain(): Promise<void> {
    this.draining = true;
    if (this.members.length > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.localStores.settled();
  }

  private kick(): void {
    if (this.looping) return;
    this.looping = true;
    setImmediate(() => this.loop());
  }

  /**
   * One step and then one waiting prompt chunk, then yield to I/O (joins, cancellations, stream
   * writes) before the next: a chunk delays the batch's next token by its own time only.
   */
  private loop(): void {
    this.dropCancelled();
    if (this.members.length === 0 && this.chunkTurns.length === 0) {
      this.looping = false;
      for (const resolve of this.drained.splice(0)) resolve();
      return;
    }
    this.tick().then(
      () => setImmediate(() => this.loop()),
      (unexpected: unknown) => this.failAll(unexpected),
    );
  }

  private async tick(): Promise<void> {
    if (this.members.length > 0) await this.step(this.members.slice(0, this.batchBound));
    await this.chunkTurns.shift()?.();
  }

  /** Runs `work` on the batch loop after its next step; its outcome, or what it threw, goes to the caller alone. */
  private onLoop<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.chunkTurns.push(() => work().then(resolve, reject));
      this.kick();
    });
  }

  private async step(batch: Member[]): Promise<void> {
    const start = this.options.monotonicMs();
    const result = await this.engine.decode(batch.map((m) => ({ sequence: m.sequence, token: m.nextInput })));
    if (!result.ok) {
      // Memory ran out mid-batch: the newest member, in the batch or waiting, gives way and
      // the batch retries next step.
      const newest = this.members.reduce((a, b) => (b.joined > a.joined ? b : a));
      this.remove(newest);
      newest.sink.fail(result.error);
      return;
    }
    let continuing = 0;
    batch.forEach((member, i) => {
      const next = member.generation.next(result.value[i]!);
      member.kv.tokens.push(member.nextInput);
      member.sink.token(next);
      if (next.finishReason) this.remove(member);
      else {
        member.nextInput = next.token;
        continuing += 1;
      }
    });
    // The batch was the front of the queue and removals keep order, so its continuing members
    // are the first `continuing`; a member that joined during the step is behind them.
    this.members.push(...this.members.splice(0, continuing));
    const stepMs = this.options.monotonicMs() - start;
    this.stepTimes?.record(batch.length, stepMs);
    this.options.onStep?.(batch.length, stepMs);
  }

  /** The engine broke an invariant (threw): every member fails rather than waiting forever. */
  private failAll(unexpected: unknown): void {
    const message = unexpected instanceof Error ? unexpected.message : String(unexpected);
    for (const member of [...this.members]) {
      this.remove(member);
      member.sink.fail({ kind: 'engine-failure', message });
    }
    this.looping = false;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private dropCancelled(): void {
    for (const member of this.members.filter((m) => m.cancelled)) this.remove(member);
  }

  private remove(member: Member): void {
    const at = this.members.indexOf(member);
    if (at >= 0) this.members.splice(at, 1);
    this.close(member.sequence, member.storing, member.kv);
    this.options.onMembers?.(this.members.length);
  }
}

/** The tokens a job says were generated before it: none for a run here whole, else the first and those continued after it. */
function generatedSoFar(job: DecodeJob): readonly number[] {
  return job.firstToken === undefined ? [] : [job.firstToken, ...(job.continuedTokens ?? [])];
}
