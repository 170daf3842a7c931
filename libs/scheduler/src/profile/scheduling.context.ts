import { type TbtEstimator } from '../estimators/tbt.estimator';
import { type TtftEstimate, TtftScratch } from '../estimators/ttft.estimate';
import { type TtftEstimator } from '../estimators/ttft.estimator';
import { type PrefixMatch } from '../index/prefix-location.model';
import { prefixMatchOf } from '../index/snapshot-prefix.match';
import { type DecodeWork, type InstanceSnapshot, type QueuedPrefill } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { type ScratchArena } from './scratch.arena';

export interface SchedulingContextOptions {
  readonly request: ScheduleRequest;
  readonly snapshot: ClusterSnapshot;
  /** Absent: plugins see no TTFT estimates. */
  readonly ttft?: TtftEstimator;
  /** Absent: plugins see no TBT predictions. */
  readonly tbt?: TbtEstimator;
  /** The TTFT target for this request's priority class; Infinity when there is none. */
  readonly ttftLimitMs: number;
  /** The TBT target for this request's priority class; Infinity when there is none. */
  readonly tbtLimitMs: number;
  /** The request runs whole on the decode instance chosen: its prompt's chunks lengthen that instance's steps too. */
  readonly runsWhole?: boolean;
  /** Where the cycle's per-candidate arrays come from; each is allocated on its own without it. */
  readonly arena?: ScratchArena;
}

/**
 * What every plugin of one scheduling cycle sees: the request, the snapshot, the targets and
 * the estimates, each estimate computed once per instance however many plugins ask for it.
 * Estimates are kept by the snapshot's instance objects, which one cycle shares.
 */
export class SchedulingContext {
  readonly request: ScheduleRequest;
  readonly snapshot: ClusterSnapshot;
  readonly ttftLimitMs: number;
  readonly tbtLimitMs: number;
  private ttftMemo: Map<InstanceSnapshot, TtftEstimate> | undefined;
  private ttftMsMemo: Map<InstanceSnapshot, number> | undefined;
  private tbtMemo: Map<InstanceSnapshot, number> | undefined;
  private scratch: TtftScratch | undefined;
  private matchMemo: PrefixMatch | undefined;
  /** The last candidate list whose estimates were asked for all at once, and those estimates in its order. */
  private ttftBatch: { readonly candidates: readonly InstanceSnapshot[]; readonly ms: Float64Array } | undefined;
  private tbtBatch: { readonly candidates: readonly InstanceSnapshot[]; readonly ms: Float64Array } | undefined;

  constructor(
    private readonly o: SchedulingContextOptions,
    /** Decode load is judged this far ahead: when the request's prefill is estimated to end. */
    private readonly decodeHorizonMs = 0,
    /** Work every decode instance is expected to take on before then: requests admitted and still in prefill. */
    private readonly decodeArrivals: readonly DecodeWork[] = [],
  ) {
    this.request = o.request;
    this.snapshot = o.snapshot;
    this.ttftLimitMs = o.ttftLimitMs;
    this.tbtLimitMs = o.tbtLimitMs;
  }

  /** The same cycle judging decode `horizonMs` ahead, with `arrivals` joining each batch by then; TBT predictions already made are not shared, as they depend on both. */
  withDecodeHorizon(horizonMs: number, arrivals: readonly DecodeWork[] = []): SchedulingContext {
    return new SchedulingContext(this.o, horizonMs, arrivals);
  }

  /** `length` zeros for per-candidate numbers (scores, totals), valid for this cycle only: never keep one past it. */
  scratchFloat64(length: number): Float64Array {
    return this.o.arena?.float64(length) ?? new Float64Array(length);
  }

  get hasTtftEstimates(): boolean {
    return this.o.ttft !== undefined;
  }

  /** The request's prefix at every location the snapshot can see. */
  get match(): PrefixMatch {
    this.matchMemo ??= prefixMatchOf(this.snapshot, this.request);
    return this.matchMemo;
  }

  /** Mooncake's TTFT estimate for the request on a prefill instance, with the branch it takes; undefined without estimators. */
  ttft(instance: InstanceSnapshot): TtftEstimate | undefined {
    if (this.o.ttft === undefined) return undefined;
    this.ttftMemo ??= new Map();
    let estimate = this.ttftMemo.get(instance);
    if (estimate === undefined) {
      estimate = this.o.ttft.estimate(this.request, instance, this.match);
      this.ttftMemo.set(instance, estimate);
    }
    return estimate;
  }

  /**
   * `ttftMs` of every candidate, in candidate order; undefined without estimators. Plugins of one
   * cycle that pass the same list share one array: filters that keep every candidate hand their
   * scorers the list they were given. Read it, never write it.
   */
  ttftMsOf(candidates: readonly InstanceSnapshot[]): Float64Array | undefined {
    const estimator = this.o.ttft;
    if (estimator === undefined) return undefined;
    if (this.ttftBatch?.candidates === candidates) return this.ttftBatch.ms;
    const ms = this.scratchFloat64(candidates.length);
    const scratch = (this.scratch ??= new TtftScratch());
    const match = this.match;
    for (let i = 0; i < candidates.length; i++) {
      estimator.estimateInto(this.request, candidates[i]!, match, scratch);
      ms[i] = scratch.ttftMs;
    }
    this.ttftBatch = { candidates, ms };
    return ms;
  }

  /** The TTFT estimate's total alone, which is all most plugins compare: cheaper than `ttft` (nothing allocated per instance). */
  ttftMs(instance: InstanceSnapshot): number | undefined {
    if (this.o.ttft === undefined) return undefined;
    const batched = batchedValue(this.ttftBatch, instance);
    if (batched !== undefined) return batched;
    this.ttftMsMemo ??= new Map();
    let ms = this.ttftMsMemo.get(instance);
    if (ms === undefined) {
      this.scratch ??= new TtftScratch();
      this.o.ttft.estimateInto(this.request, instance, this.match, this.scratch);
      ms = this.scratch.ttftMs;
      this.ttftMsMemo.set(instance, ms);
    }
    return ms;
  }

  /** `tbtMs` of every candidate, in candidate order, shared as `ttftMsOf` is; undefined without estimators. */
  tbtMsOf(candidates: readonly InstanceSnapshot[]): Float64Array | undefined {
    const estimator = this.o.tbt;
    if (estimator === undefined) return undefined;
    if (this.tbtBatch?.candidates === candidates) return this.tbtBatch.ms;
    const ms = this.scratchFloat64(candidates.length);
    const addedTokens = this.request.promptTokens;
    const ownPrompt = this.ownPrompt;
    for (let i = 0; i < candidates.length; i++) ms[i] = estimator.withRequestMs(candidates[i]!, addedTokens, this.decodeHorizonMs, this.decodeArrivals, ownPrompt);
    this.tbtBatch = { candidates, ms };
    return ms;
  }

  /** A decode instance's predicted time between tokens with the request added, judged at the decode horizon; undefined without estimators. */
  tbtMs(instance: InstanceSnapshot): number | undefined {
    if (this.o.tbt === undefined) return undefined;
    const batched = batchedValue(this.tbtBatch, instance);
    if (batched !== undefined) return batched;
    this.tbtMemo ??= new Map();
    let tbtMs = this.tbtMemo.get(instance);
    if (tbtMs === undefined) {
      tbtMs = this.o.tbt.withRequestMs(instance, this.request.promptTokens, this.decodeHorizonMs, this.decodeArrivals, this.ownPrompt);
      this.tbtMemo.set(instance, tbtMs);
    }
    return tbtMs;
  }

  /** The request's prompt as a decode instance running it whole computes it, judged with no prefix of its own there. */
  private get ownPrompt(): QueuedPrefill | undefined {
    return this.o.runsWhole === true ? { promptTokens: this.request.promptTokens, reusedTokens: 0 } : undefined;
  }

  /** The TBT prediction a plugin of this cycle already made for the instance, if one did. */
  predictedTbtMs(instance: InstanceSnapshot): number | undefined {
    return batchedValue(this.tbtBatch, instance) ?? this.tbtMemo?.get(instance);
  }
}

/** The instance's value in a batch of estimates, if the batch covers it. */
function batchedValue(batch: { readonly candidates: readonly InstanceSnapshot[]; readonly ms: Float64Array } | undefined, instance: InstanceSnapshot): number | undefined {
  if (batch === undefined) return undefined;
  const at = batch.candidates.indexOf(instance);
  return at < 0 ? undefined : batch.ms[at];
}
