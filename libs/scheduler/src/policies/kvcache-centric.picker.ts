import { createEstimators } from '../estimators/estimators.factory';
import { type TbtEstimator } from '../estimators/tbt.estimator';
import { type TtftEstimate, TtftScratch } from '../estimators/ttft.estimate';
import { type TtftEstimator } from '../estimators/ttft.estimator';
import { type PrefixMatch } from '../index/prefix-location.model';
import { prefixMatchOf } from '../index/snapshot-prefix.match';
import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type ClusterSnapshot, type InstancePicker, type ScheduleRequest } from '../schedule.model';
import { type DecodeChoice, type DecodeSelector } from './decode-selector.port';
import { byLoad } from './least-loaded.picker';
import { type PrefillPlan, type PrefillPlanner } from './prefill-planner.port';
import { TbtSloPicker } from './tbt-slo.picker';

export interface KvCacheCentricOptions {
  /** Stand-in estimators from the default profile when absent. */
  readonly ttft?: TtftEstimator;
  readonly tbt?: TbtEstimator;
  /** The TBT target when this policy picks decode instances on its own, outside a scheduler that passes one. */
  readonly tbtSloMs?: number;
}

/**
 * `kvcache-centric`: Mooncake's Algorithm 1. For each prefill candidate it estimates
 * `TTFT = T_queue + T_transfer + T_prefill` — serving from the prefix the instance holds, or
 * fetching the longest prefix held elsewhere when that is long enough to pass the cache-balancing
 * threshold and faster than computing — and picks the lowest, the least loaded among equals.
 * Asked for a decode instance it picks by predicted TBT instead (`TbtSloPicker`).
 */
export class KvCacheCentricPicker implements InstancePicker, PrefillPlanner, DecodeSelector {
  readonly name = 'kvcache-centric';
  readonly estimator: TtftEstimator;
  private readonly decodeSelector: TbtSloPicker;
  private readonly current = new TtftScratch();
  private readonly best = new TtftScratch();

  constructor(options: KvCacheCentricOptions = {}) {
    const defaults = options.ttft && options.tbt ? undefined : createEstimators();
    this.estimator = options.ttft ?? defaults!.ttft;
    this.decodeSelector = new TbtSloPicker(options.tbt ?? defaults!.tbt, options.tbtSloMs ?? Infinity);
  }

  pick(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], snapshot: ClusterSnapshot): InstanceId | undefined {
    if (candidates[0]?.role === 'decode') return this.decodeSelector.pick(request, candidates);
    return this.plan(request, candidates, prefixMatchOf(snapshot, request.blockKeys))?.instance.id;
  }

  plan(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], match: PrefixMatch): (PrefillPlan & { readonly estimate: TtftEstimate }) | undefined {
    let chosen: InstanceSnapshot | undefined;
    for (const candidate of candidates) {
      this.estimator.estimateInto(request, candidate, match, this.current);
      if (chosen === undefined || this.current.ttftMs < this.best.ttftMs || (this.current.ttftMs === this.best.ttftMs && byLoad(candidate, chosen) < 0)) {
        chosen = candidate;
        this.best.copyFrom(this.current);
      }
    }
    return chosen === undefined ? undefined : { instance: chosen, estimate: this.best.toEstimate() };
  }

  choose(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], horizonMs: number, tbtLimitMs: number): DecodeChoice | undefined {
    return this.decodeSelector.choose(request, candidates, horizonMs, tbtLimitMs);
  }
}
