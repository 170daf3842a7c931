import { type BlockKey } from '@tsukimi/kv-block';
import { type PrefixLocation } from '@tsukimi/scheduler';

/** Where a request's reused prefix comes from, as the scheduler decided it. */
export interface PrefixPlan {
  /** Blocks to fetch, up to this many leading blocks in all, and from where; absent: own memory only. */
  readonly fetch?: { readonly uptoBlocks: number; readonly from: PrefixLocation };
}

/** One trace request on its way through the simulated cluster. */
export class SimRequest {
  firstTokenMs = -1;
  lastTokenMs = -1;
  generatedTokens = 0;
  /** Its prefill's compute time, past any fetch: what a layer-wise KV handoff overlaps with. */
  prefillComputeMs = 0;
  readonly intervalsMs: number[] = [];

  constructor(
    readonly arrivalMs: number,
    readonly promptTokens: number,
    readonly outputTokens: number,
    readonly keys: readonly BlockKey[],
    readonly plan: PrefixPlan,
  ) {}

  /** KV it holds at the end, which a decode instance reserves when it admits it, so that no request is ever preempted. */
  get reservedTokens(): number {
    return this.promptTokens + this.outputTokens;
  }

  get contextTokens(): number {
    return this.promptTokens + this.generatedTokens;
  }

  get done(): boolean {
    return this.generatedTokens >= this.outputTokens;
  }

  /** A token was produced at `nowMs`: the first by prefill, the others by decode steps. */
  token(nowMs: number): void {
    if (this.generatedTokens === 0) this.firstTokenMs = nowMs;
    else this.intervalsMs.push(nowMs - this.lastTokenMs);
    this.lastTokenMs = nowMs;
    this.generatedTokens += 1;
  }
}
