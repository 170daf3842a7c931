import { type TbtEstimator } from '../estimators/tbt.estimator';
import { type TtftEstimate } from '../estimators/ttft.estimate';
import { type TtftEstimator } from '../estimators/ttft.estimator';
import { type PrefixMatch } from '../index/prefix-location.model';
import { prefixMatchOf } from '../index/snapshot-prefix.match';
import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';

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
  /** Decode load is judged this far ahead: when the request's prefill is estimated to end. */
  readonly decodeHorizonMs?: number;
}

/**
 * What every plugin of one scheduling cycle sees: the request, the snapshot, the targets and
 * the estimates, each estimate computed once per instance however many plugins ask for it.
 */
export class SchedulingContext {
  readonly request: ScheduleRequest;
  readonly snapshot: ClusterSnapshot;
  readonly ttftLimitMs: number;
  readonly tbtLimitMs: number;
  private readonly ttftMemo = new Map<InstanceId, TtftEstimate>();
  private readonly tbtMemo = new Map<InstanceId, number>();
  private matchMemo: PrefixMatch | undefined;

  constructor(private readonly o: SchedulingContextOptions) {
    this.request = o.request;
    this.snapshot = o.snapshot;
    this.ttftLimitMs = o.ttftLimitMs;
    this.tbtLimitMs = o.tbtLimitMs;
  }

  /** The same cycle judging decode `horizonMs` ahead; estimates already made are not shared, as they are per role. */
  withDecodeHorizon(horizonMs: number): SchedulingContext {
    return new SchedulingContext({ ...this.o, decodeHorizonMs: horizonMs });
  }

  get hasTtftEstimates(): boolean {
    return this.o.ttft !== undefined;
  }

  /** The request's prefix at every location the snapshot can see. */
  get match(): PrefixMatch {
    this.matchMemo ??= prefixMatchOf(this.snapshot, this.request.blockKeys);
    return this.matchMemo;
  }

  /** Mooncake's TTFT estimate for the request on a prefill instance, with the branch it takes; undefined without estimators. */
  ttft(instance: InstanceSnapshot): TtftEstimate | undefined {
    if (this.o.ttft === undefined) return undefined;
    let estimate = this.ttftMemo.get(instance.id);
    if (estimate === undefined) {
      estimate = this.o.ttft.estimate(this.request, instance, this.match);
      this.ttftMemo.set(instance.id, estimate);
    }
    return estimate;
  }

  /** A decode instance's predicted time between tokens with the request added, judged at the decode horizon; undefined without estimators. */
  tbtMs(instance: InstanceSnapshot): number | undefined {
    if (this.o.tbt === undefined) return undefined;
    let tbtMs = this.tbtMemo.get(instance.id);
    if (tbtMs === undefined) {
      tbtMs = this.o.tbt.withRequestMs(instance, this.request.promptTokens, this.o.decodeHorizonMs ?? 0);
      this.tbtMemo.set(instance.id, tbtMs);
    }
    return tbtMs;
  }

  /** The TBT prediction a plugin of this cycle already made for the instance, if one did. */
  predictedTbtMs(instance: InstanceSnapshot): number | undefined {
    return this.tbtMemo.get(instance.id);
  }
}
