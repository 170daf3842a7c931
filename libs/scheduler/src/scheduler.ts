import { type AdmissionPolicy } from './admission/admission.port';
import { NoAdmission } from './admission/none.admission';
import { DEFAULT_PRIORITY_SLO_SCALE, type PrioritySloScale, type SloTargets } from './admission/priority-class.model';
import { type SessionAffinity } from './affinity/session-affinity.map';
import { type TtftEstimator } from './estimators/ttft.estimator';
import { type TenantFairness } from './fairness/tenant-fairness.rule';
import { type PrefixMatch } from './index/prefix-location.model';
import { prefixMatchOf } from './index/snapshot-prefix.match';
import { type InstanceSnapshot } from './instance.model';
import { type DecodeChoice, isDecodeSelector } from './policies/decode-selector.port';
import { isPrefillPlanner, type PrefillPlan } from './policies/prefill-planner.port';
import { type ClusterSnapshot, type InstancePicker, type Migration, type RejectReason, type ScheduleDecision, type ScheduleRequest } from './schedule.model';

export interface SchedulerOptions {
  readonly prefill: InstancePicker;
  readonly decode: InstancePicker;
  /** An instance with this many requests in flight takes no more; when all are full the request is rejected. */
  readonly maxInFlightPerInstance: number;
  /** Suggested wait before a rejected client retries. */
  readonly retryAfterMs: number;
  /** TTFT estimates for admission, affinity and provenance; defaults to the prefill policy's own when it plans by TTFT. */
  readonly ttft?: TtftEstimator;
  /** The targets admission and TBT-aware decode selection hold requests to; none means no target. */
  readonly slo?: SloTargets;
  /** `none` when absent. */
  readonly admission?: AdmissionPolicy;
  readonly prioritySloScale?: PrioritySloScale;
  /** Per-tenant fair shares under load; off when absent. */
  readonly fairness?: TenantFairness;
  /** Keeps a session's turns on one prefill instance; off when absent. */
  readonly affinity?: SessionAffinity;
}

type Plan = PrefillPlan & { readonly chosenBy: 'policy' | 'session-affinity' };

/**
 * Chooses the prefill and decode instances for a request, or rejects it up front: filter the
 * instances that can take work, check the tenant's share, plan prefill (by TTFT when estimators
 * are set), keep a session where it was when that costs little, choose decode (by predicted TBT
 * when the decode policy predicts it), then let admission judge the pair against the targets.
 * The same request and snapshot give the same decision, save for the pickers' and the session
 * map's own state.
 */
export class Scheduler {
  private readonly ttft: TtftEstimator | undefined;
  private readonly admission: AdmissionPolicy;
  private readonly sloScale: PrioritySloScale;

  constructor(private readonly options: SchedulerOptions) {
    this.ttft = options.ttft ?? (isPrefillPlanner(options.prefill) ? options.prefill.estimator : undefined);
    this.admission = options.admission ?? new NoAdmission();
    this.sloScale = options.prioritySloScale ?? DEFAULT_PRIORITY_SLO_SCALE;
  }

  decide(request: ScheduleRequest, snapshot: ClusterSnapshot): ScheduleDecision {
    const prefillCandidates = this.candidates(snapshot.prefill);
    const decodeCandidates = this.candidates(snapshot.decode);
    if (snapshot.prefill.every((i) => !i.routable)) return this.reject('no-prefill-instance', 'no prefill instance is available');
    if (snapshot.decode.every((i) => !i.routable)) return this.reject('no-decode-instance', 'no decode instance is available');
    if (prefillCandidates.length === 0 || decodeCandidates.length === 0) return this.reject('overloaded', 'every instance is at its in-flight limit');
    const unfair = this.overShare(request, snapshot);
    if (unfair !== undefined) return unfair;

    const scale = this.sloScale[request.priority ?? 'normal'];
    const ttftLimitMs = (this.options.slo?.ttftMs ?? Infinity) * scale;
    const tbtLimitMs = (this.options.slo?.tbtMs ?? Infinity) * scale;
    const match = this.ttft === undefined ? undefined : prefixMatchOf(snapshot, request.blockKeys);
    const plan = this.planPrefill(request, prefillCandidates, snapshot, match, ttftLimitMs);
    if (plan === undefined) return this.reject('overloaded', 'no prefill instance accepted the request');
    const horizonMs = plan.estimate === undefined ? 0 : this.admission.decodeHorizonMs(plan.estimate.ttftMs);
    const decode = this.chooseDecode(request, decodeCandidates, snapshot, horizonMs, tbtLimitMs);
    if (decode === undefined) return this.reject('overloaded', 'no decode instance accepted the request');
    const verdict = this.admission.judge({ estimate: plan.estimate, decode, ttftLimitMs, tbtLimitMs, retryAfterMs: this.options.retryAfterMs });
    if (!verdict.admit) return { kind: 'reject', reason: verdict.reason, retryAfterMs: verdict.retryAfterMs, message: verdict.message };

    if (request.sessionId !== undefined) this.options.affinity?.record(request.sessionId, plan.instance.id);
    const estimate = plan.estimate;
    return {
      kind: 'route',
      prefill: plan.instance.id,
      decode: decode.instance.id,
      cachedBlocks: estimate === undefined ? snapshot.cachedPrefixBlocks(plan.instance.id, request.blockKeys) : estimate.ownBlocks,
      policy: this.options.prefill.name,
      estimate,
      migrate: migrationOf(request, plan),
      decodeTbtMs: decode.tbtMs,
      chosenBy: plan.chosenBy,
    };
  }

  private candidates(instances: readonly InstanceSnapshot[]): InstanceSnapshot[] {
    return instances.filter((i) => i.routable && i.inFlightRequests < this.options.maxInFlightPerInstance);
  }

  private overShare(request: ScheduleRequest, snapshot: ClusterSnapshot): ScheduleDecision | undefined {
    const fairness = this.options.fairness;
    if (fairness === undefined || request.tenant === undefined) return undefined;
    let routable = 0;
    let inFlight = 0;
    for (const instance of snapshot.prefill) {
      if (!instance.routable) continue;
      routable++;
      inFlight += instance.inFlightRequests;
    }
    const over = fairness.overShare(request.tenant, snapshot.tenantInFlightRequests, inFlight / (routable * this.options.maxInFlightPerInstance));
    if (over === undefined) return undefined;
    const percent = (x: number) => `${Math.round(x * 100)}%`;
    return this.reject('tenant-over-share', `the cluster is busy and this tenant holds ${percent(over.share)} of the work in flight, over its fair share of ${percent(over.fairShare)}`);
  }

  private planPrefill(
    request: ScheduleRequest,
    candidates: readonly InstanceSnapshot[],
    snapshot: ClusterSnapshot,
    match: PrefixMatch | undefined,
    ttftLimitMs: number,
  ): Plan | undefined {
    const picker = this.options.prefill;
    let plan: PrefillPlan | undefined;
    if (match !== undefined && isPrefillPlanner(picker)) plan = picker.plan(request, candidates, match);
    else {
      const id = picker.pick(request, candidates, snapshot);
      const instance = candidates.find((c) => c.id === id);
      if (instance !== undefined) plan = { instance, estimate: match && this.ttft?.estimate(request, instance, match) };
    }
    return plan && this.withAffinity(request, plan, candidates, match, ttftLimitMs);
  }

  /**
   * The session's previous instance instead of the plan's when its estimate is close enough to
   * the best and still within the target, so that affinity never turns an admissible request
   * into a rejected one (without estimates: whenever it can take work).
   */
  private withAffinity(request: ScheduleRequest, plan: PrefillPlan, candidates: readonly InstanceSnapshot[], match: PrefixMatch | undefined, ttftLimitMs: number): Plan {
    const affinity = this.options.affinity;
    const previous = request.sessionId === undefined ? undefined : affinity?.instanceFor(request.sessionId);
    const instance = previous === undefined || previous === plan.instance.id ? undefined : candidates.find((c) => c.id === previous);
    if (affinity === undefined || instance === undefined) return { ...plan, chosenBy: 'policy' };
    if (match === undefined || this.ttft === undefined || plan.estimate === undefined) return { instance, chosenBy: 'session-affinity' };
    const estimate = this.ttft.estimate(request, instance, match);
    const keep = affinity.withinTolerance(estimate.ttftMs, plan.estimate.ttftMs) && (estimate.ttftMs <= ttftLimitMs || plan.estimate.ttftMs > ttftLimitMs);
    return keep ? { instance, estimate, chosenBy: 'session-affinity' } : { ...plan, chosenBy: 'policy' };
  }

  private chooseDecode(
    request: ScheduleRequest,
    candidates: readonly InstanceSnapshot[],
    snapshot: ClusterSnapshot,
    horizonMs: number,
    tbtLimitMs: number,
  ): DecodeChoice | undefined {
    const picker = this.options.decode;
    if (isDecodeSelector(picker)) return picker.choose(request, candidates, horizonMs, tbtLimitMs);
    const id = picker.pick(request, candidates, snapshot);
    const instance = candidates.find((c) => c.id === id);
    return instance && { instance, withinSlo: true };
  }

  private reject(reason: RejectReason, message: string): ScheduleDecision {
    return { kind: 'reject', reason, retryAfterMs: this.options.retryAfterMs, message };
  }
}

/** The blocks to copy when the plan fetches its prefix from elsewhere. */
function migrationOf(request: ScheduleRequest, plan: PrefillPlan): Migration | undefined {
  const estimate = plan.estimate;
  if (estimate?.branch !== 'fetch' || estimate.source === undefined) return undefined;
  return { keys: request.blockKeys.slice(estimate.ownBlocks, estimate.reusedBlocks), from: estimate.source };
}
