import { type Engine, type EngineError, Generation, type SequenceId } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { checkAdapter, type UnknownAdapter } from '../adapter/adapter.check';
import { type DeviceBlockHeat } from '../device/device-block.heat';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { type BlockDigests, PromptDigests } from '../pool/prompt-digests';
import { reuseByTier } from '../pool/token-reuse';
import { prefillStoringChunks, type StoreTally, storeBlocks } from './chunked-store';
import { type LoadedPrefix, PlannedPrefixLoader } from './planned-prefix.loader';
import { type PrefillDone, type PrefillJob } from './prefill.job';

export interface PrefillLoad {
  /** Requests accepted and not yet handed to the pool. */
  readonly activeRequests: number;
  /** Prompt tokens of those requests. */
  readonly activeTokens: number;
  /** Of them, those whose compute has not begun: loading their prefix, or waiting for the engine. */
  readonly queuedRequests: number;
  /** Of them, those the engine is computing now. */
  readonly computingRequests: number;
}

/** What compute answers, and how the prompt's blocks reach the pool: stored already (chunk by chunk) or after sealing. */
type Computed = Omit<PrefillDone, 'handoff'> & { readonly blocks: { readonly sealed: Promise<void> | undefined } | { readonly stored: Promise<StoreTally> } };

export interface PrefillWorkerOptions {
  /**
   * Overlapped KV streaming: compute the prompt a chunk of this many tokens (whole blocks) at a
   * time and store each chunk's blocks in the pool as it completes, each store beside those still
   * under way, so the decode instance can load them while later ones compute and little is left to
   * store after the first token. Absent: compute the whole prompt, then store its blocks.
   */
  readonly storeChunkTokens?: number;
  /** Told of every prompt's blocks and which came from the engine's memory, so a drain can hand the hottest to the pool. */
  readonly heat?: DeviceBlockHeat;
}

/** What the fetch phase found, carried into compute. */
interface Prefetched {
  readonly keys: readonly BlockKey[];
  /** The digest each block's header carries: checked on every block read, written on every block stored. */
  readonly digests: BlockDigests;
  /** Leading blocks already in the engine's memory. */
  readonly own: number;
  readonly loaded: LoadedPrefix;
  readonly fetchMs: number;
}

/**
 * One prefill instance's request path: reuse the cached prefix where the scheduler's plan says
 * (the engine's own memory, a chosen pool node, or nothing: compute it), falling back where the
 * plan cannot be followed; compute the rest, make every full prompt block present in the pool
 * for the decode instance, and sample the first token.
 */
export class PrefillWorker {
  private activeRequests = 0;
  private activeTokens = 0;
  private queuedRequests = 0;
  private computingRequests = 0;
  private readonly promptDigests: PromptDigests;

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly clock: Clock,
    private readonly options: PrefillWorkerOptions = {},
  ) {
    this.promptDigests = new PromptDigests(engine);
  }

  load(): PrefillLoad {
    const { activeRequests, activeTokens, queuedRequests, computingRequests } = this;
    return { activeRequests, activeTokens, queuedRequests, computingRequests };
  }

  /** Answers with the first token as soon as it is computed; the pool store goes on behind `handoff`. */
  async prefill(job: PrefillJob): Promise<Result<PrefillDone, EngineError | UnknownAdapter>> {
    const adapter = checkAdapter(this.engine, job.adapter);
    if (!adapter.ok) return adapter;
    this.activeRequests++;
    this.activeTokens += job.promptTokens.length;
    this.queuedRequests++;
    let queued = true;
    const dequeue = () => {
      if (queued) this.queuedRequests--;
      queued = false;
    };
    let sequence: SequenceId | undefined;
    const release = () => {
      dequeue();
      if (sequence !== undefined) this.engine.closeSequence(sequence);
      this.activeRequests--;
      this.activeTokens -= job.promptTokens.length;
    };
    let done: Result<Computed, EngineError>;
    let prefetched: Prefetched;
    try {
      prefetched = await this.prefetch(job, adapter.value);
      sequence = this.engine.openSequence(job.tenantSalt, adapter.value);
      dequeue();
      this.computingRequests++;
      done = await this.compute(job, sequence, prefetched).finally(() => this.computingRequests--);
    } catch (unexpected) {
      release();
      throw unexpected;
    }
    if (!done.ok) {
      release();
      return done;
    }
    const { blocks, ...answer } = done.value;
    const storeStart = this.clock.monotonicMs();
    const stored = 'stored' in blocks ? blocks.stored : this.store(prefetched, blocks.sealed);
    return ok({ ...answer, handoff: stored.then((tally) => ({ ...tally, storeMs: this.clock.monotonicMs() - storeStart })).finally(release) });
  }

  /** Pulls the blocks the plan names after the engine's own cached prefix from the pool into the engine. */
  private async prefetch(job: PrefillJob, adapter: string | undefined): Promise<Prefetched> {
    const start = this.clock.monotonicMs();
    const keys = this.engine.blockKeys(job.promptTokens, job.tenantSalt, adapter);
    const digests = this.promptDigests.of(job.promptTokens, keys, job.tenantSalt, adapter);
    const own = this.engine.cachedPrefixBlocks(keys);
    this.options.heat?.touch(keys, digests, own);
    const loaded = await PlannedPrefixLoader.load(this.engine, this.pool, keys, digests, own, job.plan, job.skipPoolFetch === true);
    return { keys, digests, own, loaded, fetchMs: this.clock.monotonicMs() - start };
  }

  /** Runs with the sequence open; it stays open until the store, so its blocks cannot be evicted before the pool has them. */
  private async compute(job: PrefillJob, sequence: SequenceId, p: Prefetched): Promise<Result<Computed, EngineError>> {
    const { engine } = this;
    const blockSize = engine.info.blockLayout.blockSizeTokens;
    const computeStart = this.clock.monotonicMs();
    const chunkTokens = this.options.storeChunkTokens;
    const chunked = chunkTokens === undefined
      ? undefined
      : await prefillStoringChunks(engine, this.pool, sequence, job.promptTokens, {
          chunkTokens,
          cachedTokens: engine.cachedPrefixBlocks(p.keys) * blockSize,
          keys: p.keys,
          skip: new Set(p.loaded.fromPool),
          digests: p.digests,
        });
    if (chunked && !chunked.ok) return chunked;
    const outcome = chunked ? ok(chunked.value.outcome) : await engine.prefill(sequence, job.promptTokens);
    if (!outcome.ok) return err(outcome.error);
    const logits = outcome.value.logits;
    const first = new Generation(job.generation, engine.tokenizer, { prompt: job.promptTokens }).next(logits[logits.length - 1]!);
    const computeMs = this.clock.monotonicMs() - computeStart;

    return ok({
      first,
      blockKeys: p.keys,
      promptTokens: job.promptTokens.length,
      computedTokens: outcome.value.computedTokens,
      reused: reuseByTier(outcome.value.reusedTokens, p.own, p.loaded.imported, blockSize),
      refusedBlocks: p.loaded.refused.length,
      refused: p.loaded.refused,
      plan: p.loaded.outcome,
      timings: { fetchMs: p.fetchMs, computeMs },
      blocks: chunked ? { stored: chunked.value.stored } : { sealed: outcome.value.sealed },
    });
  }

  /** Makes every block the pool did not supply present in the pool (the pool skips those it has). */
  private store(p: Prefetched, sealed: Promise<void> | undefined): Promise<StoreTally> {
    const fromPool = new Set(p.loaded.fromPool);
    return storeBlocks(this.engine, (keys, read) => this.pool.store(keys, read), p.keys.filter((key) => !fromPool.has(key)), sealed, p.digests);
  }
}
