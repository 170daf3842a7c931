import { type Engine, type EngineError, Generation, type SequenceId } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { checkAdapter, type UnknownAdapter } from '../adapter/adapter.check';
import { type ImportReport, importLeadingBlocks } from '../pool/block-import';
import { type FetchedBlock, type KvPoolClient } from '../pool/kv-pool-client.port';
import { type PrefillDone, type PrefillHandoff, type PrefillJob } from './prefill.job';

export interface PrefillLoad {
  /** Requests accepted and not yet answered. */
  readonly activeRequests: number;
  /** Prompt tokens of those requests. */
  readonly activeTokens: number;
}

/** What compute answers, and the engine's sealing of the prompt's blocks, which the store waits for. */
type Computed = Omit<PrefillDone, 'handoff'> & { readonly sealed: Promise<void> | undefined };

/** What the fetch phase found, carried into compute. */
interface Prefetched {
  readonly keys: readonly BlockKey[];
  /** Leading blocks already in the engine's memory. */
  readonly own: number;
  readonly fetched: readonly FetchedBlock[];
  readonly report: ImportReport;
  readonly fetchMs: number;
}

/**
 * One prefill instance's request path: reuse the longest cached prefix (the engine's own
 * memory first, then the pool), compute the rest, make every full prompt block present in
 * the pool for the decode instance, and sample the first token.
 */
export class PrefillWorker {
  private activeRequests = 0;
  private activeTokens = 0;

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly clock: Clock,
  ) {}

  load(): PrefillLoad {
    return { activeRequests: this.activeRequests, activeTokens: this.activeTokens };
  }

  /** Answers with the first token as soon as it is computed; the pool store goes on behind `handoff`. */
  async prefill(job: PrefillJob): Promise<Result<PrefillDone, EngineError | UnknownAdapter>> {
    const adapter = checkAdapter(this.engine, job.adapter);
    if (!adapter.ok) return adapter;
    this.activeRequests++;
    this.activeTokens += job.promptTokens.length;
    let sequence: SequenceId | undefined;
    const release = () => {
      if (sequence !== undefined) this.engine.closeSequence(sequence);
      this.activeRequests--;
      this.activeTokens -= job.promptTokens.length;
    };
    let done: Result<Computed, EngineError>;
    let prefetched: Prefetched;
    try {
      prefetched = await this.prefetch(job, adapter.value);
      sequence = this.engine.openSequence(job.tenantSalt, adapter.value);
      done = await this.compute(job, sequence, prefetched);
    } catch (unexpected) {
      release();
      throw unexpected;
    }
    if (!done.ok) {
      release();
      return done;
    }
    const { sealed, ...answer } = done.value;
    return ok({ ...answer, handoff: this.store(prefetched, sealed).finally(release) });
  }

  /** Pulls the blocks after the engine's own cached prefix from the pool into the engine. */
  private async prefetch(job: PrefillJob, adapter: string | undefined): Promise<Prefetched> {
    const start = this.clock.monotonicMs();
    const keys = this.engine.blockKeys(job.promptTokens, job.tenantSalt, adapter);
    const own = this.engine.cachedPrefixBlocks(keys);
    const result = own < keys.length && job.skipPoolFetch !== true ? await this.pool.fetchPrefix(keys.slice(own)) : ok([]);
    const fetched = result.ok ? result.value : [];
    const report = importLeadingBlocks(this.engine, fetched);
    return { keys, own, fetched, report, fetchMs: this.clock.monotonicMs() - start };
  }

  /** Runs with the sequence open; it stays open until the store, so its blocks cannot be evicted before the pool has them. */
  private async compute(job: PrefillJob, sequence: SequenceId, p: Prefetched): Promise<Result<Computed, EngineError>> {
    const { engine } = this;
    const blockSize = engine.info.blockLayout.blockSizeTokens;
    const computeStart = this.clock.monotonicMs();
    const outcome = await engine.prefill(sequence, job.promptTokens);
    if (!outcome.ok) return err(outcome.error);
    const logits = outcome.value.logits;
    const first = new Generation(job.generation, engine.tokenizer, { prompt: job.promptTokens }).next(logits[logits.length - 1]!);
    const computeMs = this.clock.monotonicMs() - computeStart;

    const reusedBlocks = outcome.value.reusedTokens / blockSize;
    const device = Math.min(p.own, reusedBlocks);
    const dram = Math.min(p.report.imported.dram, reusedBlocks - device);
    const ssd = Math.min(p.report.imported.ssd, reusedBlocks - device - dram);

    return ok({
      first,
      blockKeys: p.keys,
      promptTokens: job.promptTokens.length,
      computedTokens: outcome.value.computedTokens,
      reused: { device: device * blockSize, dram: dram * blockSize, ssd: ssd * blockSize },
      refusedBlocks: p.report.refused.length,
      timings: { fetchMs: p.fetchMs, computeMs },
      sealed: outcome.value.sealed,
    });
  }

  /** Makes every block the pool did not supply present in the pool (the pool skips those it has). */
  private async store(p: Prefetched, sealed: Promise<void> | undefined): Promise<PrefillHandoff> {
    const { engine } = this;
    const fromPool = new Set(p.fetched.slice(0, p.report.imported.dram + p.report.imported.ssd).map((b) => b.key));
    const storeStart = this.clock.monotonicMs();
    try {
      await sealed;
      const stored = await this.pool.store(
        p.keys.filter((key) => !fromPool.has(key)),
        (key) => {
          const bytes = engine.exportBlock(key);
          return bytes.ok ? bytes.value : undefined;
        },
      );
      return { storedBlocks: stored.ok ? stored.value.stored : 0, storeFailed: !stored.ok, storeMs: this.clock.monotonicMs() - storeStart };
    } catch {
      return { storedBlocks: 0, storeFailed: true, storeMs: this.clock.monotonicMs() - storeStart };
    }
  }
}
