import { type DecodeWork, type InstanceId, type InstanceRole, type InstanceSnapshot, type QueuedPrefill, usableReuseTokens } from '@tsukimi/scheduler';
import { type BlockCache } from '../cache/block.cache';
import { type CostModel } from '../cost/cost.model';
import { type EventQueue } from './event.queue';
import { type SimRequest } from './sim-request';

/** `prefill` and `decode` are the pools of a disaggregated cluster; `coupled` does both in one continuous batch. */
export type InstanceMode = 'prefill' | 'decode' | 'coupled';

/** What the cluster does around an instance's prefill: where the prefix comes from, and where the KV goes after. */
export interface PrefillHooks {
  /** At the start of a prefill: the prompt tokens it reuses and the time spent fetching them first. */
  begin(instance: EngineInstance, request: SimRequest): { readonly reusedTokens: number; readonly fetchMs: number };
  /** At its end, with the first token out: cache its blocks, hand its KV to decode. */
  end(instance: EngineInstance, request: SimRequest): void;
  /** After its last token. */
  finished(request: SimRequest): void;
}

/** A prompt being computed in chunks, `doneTokens` of it in KV so far. */
interface ChunkedPrefill {
  readonly request: SimRequest;
  doneTokens: number;
}

/**
 * One instance (one node's GPUs, tensor-parallel) on the simulated clock. It runs one thing at a
 * time: a prefill (one request, first come first served) or a decode step of its whole running
 * batch. A coupled instance without chunking prefers prefill, as vLLM's scheduler did before
 * chunked prefill, so its running requests wait through every whole prefill that arrives; that is
 * the interference disaggregation removes. With `chunkTokens` (vLLM's `max_num_batched_tokens`),
 * a coupled instance runs mixed steps instead: every running request decodes one token and the
 * rest of the step's token budget goes to prompt chunks, prompts already started first, then new
 * ones in arrival order. A request reserves the KV it will hold at its end when it enters the
 * batch (with chunking: when its first chunk is scheduled), and only if it fits, so none is preempted.
 */
export class EngineInstance {
  private readonly prefills: SimRequest[] = [];
  private readonly incoming = new Set<SimRequest>();
  private readonly waiting: SimRequest[] = [];
  private batch: SimRequest[] = [];
  private reservedTokens = 0;
  private prefilling: SimRequest | undefined;
  private readonly chunking: ChunkedPrefill[] = [];
  private busy = false;

  constructor(
    readonly id: InstanceId,
    readonly mode: InstanceMode,
    readonly node: number,
    readonly deviceCache: BlockCache,
    private readonly cost: CostModel,
    private readonly events: EventQueue,
    private readonly hooks: PrefillHooks,
    /** Coupled only: tokens per mixed step, decodes and prompt chunks together; 0 runs each prefill whole, ahead of decode. */
    private readonly chunkTokens = 0,
  ) {}

  enqueuePrefill(request: SimRequest): void {
    this.prefills.push(request);
    this.kick();
  }

  /** A request routed here whose KV is on its way: counted as load from now on. */
  expectDecode(request: SimRequest): void {
    this.incoming.add(request);
  }

  /** A request expected here that needs no decode after all (its one token came from prefill). */
  forgetDecode(request: SimRequest): void {
    this.incoming.delete(request);
  }

  joinDecode(request: SimRequest): void {
    this.incoming.delete(request);
    this.waiting.push(request);
    this.kick();
  }

  snapshot(role: InstanceRole): InstanceSnapshot {
    const queued = [...(this.prefilling ? [this.prefilling] : []), ...this.chunking.map((c) => c.request), ...this.prefills];
    const decoding = [...this.batch, ...this.waiting, ...this.incoming];
    const queuedPrefills: QueuedPrefill[] = queued.map((r) => ({ promptTokens: r.promptTokens, reusedTokens: this.deviceCache.prefixBlocks(r.keys) * this.cost.blockSizeTokens }));
    const decodeBatch: DecodeWork[] = decoding.map((r) => ({ contextTokens: r.contextTokens, remainingTokens: r.outputTokens - r.generatedTokens }));
    const inFlightTokens = queued.reduce((sum, r) => sum + r.promptTokens, 0);
    return { id: this.id, role, routable: true, inFlightRequests: queued.length + decoding.length, inFlightTokens, queuedPrefills, decodeBatch };
  }

  private kick(): void {
    if (this.busy) return;
    if (this.mode === 'coupled' && this.chunkTokens > 0) return this.mixedStep();
    const next = this.prefills[0];
    if (next !== undefined && this.mode !== 'decode' && (this.mode === 'prefill' || this.fits(next))) return this.prefill(this.prefills.shift()!);
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!)) this.admit(this.waiting.shift()!);
    if (this.batch.length > 0) this.step();
  }

  private fits(request: SimRequest): boolean {
    return (this.batch.length === 0 && this.chunking.length === 0) || this.reservedTokens + request.reservedTokens <= this.cost.kvCapacityTokens;
  }

  private admit(request: SimRequest): void {
    this.reservedTokens += request.reservedTokens;
    this.batch.push(request);
  }

  private prefill(request: SimRequest): void {
    this.busy = true;
    this.prefilling = request;
    const { reusedTokens, fetchMs } = this.hooks.begin(this, request);
    request.prefillComputeMs = this.cost.prefillMs(request.promptTokens, reusedTokens);
    const endMs = this.events.nowMs + fetchMs + request.prefillComputeMs;
    this.events.at(endMs, () => {
      this.busy = false;
      this.prefilling = undefined;
      request.token(endMs);
      this.hooks.end(this, request);
      if (request.done) this.hooks.finished(request);
      else if (this.mode === 'coupled') this.admit(request);
      this.kick();
    });
  }

  private step(): void {
    this.busy = true;
    let contextTokens = 0;
    for (const r of this.batch) contextTokens += r.contextTokens;
    const endMs = this.events.nowMs + this.cost.decodeStepMs(this.batch.length, contextTokens);
    this.events.at(endMs, () => {
      this.busy = false;
      this.decoded(endMs);
      this.kick();
    });
  }

  /** Every request of the batch has its next token at `endMs`; the finished ones leave. */
  private decoded(endMs: number): void {
    const running: SimRequest[] = [];
    for (const r of this.batch) {
      r.token(endMs);
      if (!r.done) running.push(r);
      else this.release(r);
    }
    this.batch = running;
  }

  private release(request: SimRequest): void {
    this.reservedTokens -= request.reservedTokens;
    this.hooks.finished(request);
  }

  /** One step of decodes and prompt chunks, timed by `CostModel.mixedStepMs`. */
  private mixedStep(): void {
    let budget = this.chunkTokens - this.batch.length;
    let fetchMs = 0;
    while (budget > this.chunking.reduce((sum, c) => sum + c.request.promptTokens - c.doneTokens, 0) && this.prefills.length > 0 && this.fits(this.prefills[0]!)) {
      const request = this.prefills.shift()!;
      const begun = this.hooks.begin(this, request);
      fetchMs += begun.fetchMs;
      this.reservedTokens += request.reservedTokens;
      this.chunking.push({ request, doneTokens: usableReuseTokens(request.promptTokens, begun.reusedTokens) });
    }
    const chunks: { readonly prefill: ChunkedPrefill; readonly computed: number; readonly reused: number }[] = [];
    for (const prefill of this.chunking) {
      if (budget <= 0) break;
      const computed = Math.min(budget, prefill.request.promptTokens - prefill.doneTokens);
      chunks.push({ prefill, computed, reused: prefill.doneTokens });
      budget -= computed;
    }
    if (chunks.length === 0 && this.batch.length === 0) return;
    this.busy = true;
    let contextTokens = 0;
    for (const r of this.batch) contextTokens += r.contextTokens;
    const endMs = this.events.nowMs + fetchMs + this.cost.mixedStepMs(chunks, this.batch.length, contextTokens);
    this.events.at(endMs, () => {
      this.busy = false;
      this.decoded(endMs);
      for (const { prefill, computed, reused } of chunks) {
        const request = prefill.request;
        prefill.doneTokens += computed;
        request.prefillComputeMs += this.cost.prefillMs(reused + computed, reused);
        if (prefill.doneTokens < request.promptTokens) continue;
        this.chunking.splice(this.chunking.indexOf(prefill), 1);
        request.token(endMs);
        this.hooks.end(this, request);
        if (request.done) this.release(request);
        else this.batch.push(request);
      }
      this.kick();
    });
  }
}
