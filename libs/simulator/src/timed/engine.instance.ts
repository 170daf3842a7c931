import { type DecodeWork, type InstanceId, type InstanceRole, type InstanceSnapshot, type QueuedPrefill } from '@tsukimi/scheduler';
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

/**
 * One instance (one node's GPUs, tensor-parallel) on the simulated clock. It runs one thing at a
 * time: a prefill (one request, first come first served) or a decode step of its whole running
 * batch. A coupled instance prefers prefill, as vLLM's default scheduler does, so its running
 * requests wait through every prefill that arrives; that is the interference disaggregation removes.
 * A request enters the batch only when the KV it will hold at its end fits, so none is preempted.
 */
export class EngineInstance {
  private readonly prefills: SimRequest[] = [];
  private readonly incoming = new Set<SimRequest>();
  private readonly waiting: SimRequest[] = [];
  private batch: SimRequest[] = [];
  private reservedTokens = 0;
  private prefilling: SimRequest | undefined;
  private busy = false;

  constructor(
    readonly id: InstanceId,
    readonly mode: InstanceMode,
    readonly node: number,
    readonly deviceCache: BlockCache,
    private readonly cost: CostModel,
    private readonly events: EventQueue,
    private readonly hooks: PrefillHooks,
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
    const queued = this.prefilling ? [this.prefilling, ...this.prefills] : this.prefills;
    const decoding = [...this.batch, ...this.waiting, ...this.incoming];
    const queuedPrefills: QueuedPrefill[] = queued.map((r) => ({ promptTokens: r.promptTokens, reusedTokens: this.deviceCache.prefixBlocks(r.keys) * this.cost.blockSizeTokens }));
    const decodeBatch: DecodeWork[] = decoding.map((r) => ({ contextTokens: r.contextTokens, remainingTokens: r.outputTokens - r.generatedTokens }));
    const inFlightTokens = queued.reduce((sum, r) => sum + r.promptTokens, 0);
    return { id: this.id, role, routable: true, inFlightRequests: queued.length + decoding.length, inFlightTokens, queuedPrefills, decodeBatch };
  }

  private kick(): void {
    if (this.busy) return;
    const next = this.prefills[0];
    if (next !== undefined && this.mode !== 'decode' && (this.mode === 'prefill' || this.fits(next))) return this.prefill(this.prefills.shift()!);
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!)) this.admit(this.waiting.shift()!);
    if (this.batch.length > 0) this.step();
  }

  private fits(request: SimRequest): boolean {
    return this.batch.length === 0 || this.reservedTokens + request.reservedTokens <= this.cost.kvCapacityTokens;
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
      const running: SimRequest[] = [];
      for (const r of this.batch) {
        r.token(endMs);
        if (!r.done) running.push(r);
        else {
          this.reservedTokens -= r.reservedTokens;
          this.hooks.finished(r);
        }
      }
      this.batch = running;
      this.kick();
    });
  }
}
