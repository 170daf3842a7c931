import { type Engine, Generation, type SequenceId } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { DecodeStepOnlineFit } from '@tsukimi/scheduler';
import { checkAdapter } from '../adapter/adapter.check';
import { importLeadingBlocks } from '../pool/block-import';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { reuseByTier } from '../pool/token-reuse';
import { type DecodeFailure, type DecodeHandle, type DecodeJob, type DecodeSink } from './decode.job';

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
  readonly monotonicMs: () => number;
}

interface Member {
  readonly sequence: SequenceId;
  readonly generation: Generation;
  readonly sink: DecodeSink;
  /** Join order: the larger, the newer. */
  readonly joined: number;
  nextInput: number;
  cancelled: boolean;
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

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly options: DecodeBatcherOptions,
  ) {
    this.stepTimes = options.tbtSloMs === undefined ? undefined : new DecodeStepOnlineFit({ maxBatchSize: options.maxBatchSize });
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

  /** Loads the request's KV (own memory, then pool, then recompute) and joins the batch. */
  async start(job: DecodeJob, sink: DecodeSink): Promise<Result<DecodeHandle, DecodeFailure>> {
    if (this.draining) return err({ kind: 'draining' });
    const { engine } = this;
    const maxTokens = Math.min(job.generation.maxTokens, engine.info.contextTokens - job.promptTokens.length);
    if (maxTokens <= 1) return err({ kind: 'nothing-to-decode' });
    const adapter = checkAdapter(engine, job.adapter);
    if (!adapter.ok) return adapter;
    const keys = engine.blockKeys(job.promptTokens, job.tenantSalt, adapter.value);
    if (job.blockKeys.length > 0 && (job.blockKeys.length !== keys.length || job.blockKeys.some((k, i) => k !== keys[i]))) {
      return err({ kind: 'handle-mismatch', message: 'the KV handle does not match this instance\'s block keys (model, adapter, block size or tenant differ)' });
    }
    const own = engine.cachedPrefixBlocks(keys);
    const fetched = own < keys.length ? await this.pool.fetchPrefix(keys.slice(own)) : ok([]);
    const report = importLeadingBlocks(engine, fetched.ok ? fetched.value : []);

    const sequence = engine.openSequence(job.tenantSalt, adapter.value);
    const filled = await engine.prefill(sequence, job.promptTokens, { logits: 'none' });
    if (!filled.ok) {
      engine.closeSequence(sequence);
      return err(filled.error);
    }
    const member: Member = {
      sequence,
      generation: new Generation({ ...job.generation, maxTokens }, engine.tokenizer, { replay: [job.firstToken], prompt: job.promptTokens }),
      sink,
      joined: this.joins++,
      nextInput: job.firstToken,
      cancelled: false,
    };
    this.members.push(member);
    this.options.onMembers?.(this.members.length);
    this.kick();
    return ok({
      started: {
        loadedTokens: filled.value.reusedTokens,
        reused: reuseByTier(filled.value.reusedTokens, own, report.imported, engine.info.blockLayout.blockSizeTokens),
        computedTokens: filled.value.computedTokens,
        fetchedBlocks: report.imported.dram + report.imported.ssd,
        refusedBlocks: report.refused.length,
      },
      cancel: () => {
        member.cancelled = true;
      },
    });
  }

  /** Refuses new requests and resolves once every member has finished. */
  drain(): Promise<void> {
    this.draining = true;
    if (this.members.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private kick(): void {
    if (this.looping) return;
    this.looping = true;
    setImmediate(() => this.loop());
  }

  /** One step, then yield to I/O (joins, cancellations, stream writes) before the next. */
  private loop(): void {
    this.dropCancelled();
    if (this.members.length === 0) {
      this.looping = false;
      for (const resolve of this.drained.splice(0)) resolve();
      return;
    }
    this.step(this.members.slice(0, this.batchBound)).then(
      () => setImmediate(() => this.loop()),
      (unexpected: unknown) => this.failAll(unexpected),
    );
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
    this.engine.closeSequence(member.sequence);
    this.options.onMembers?.(this.members.length);
  }
}
