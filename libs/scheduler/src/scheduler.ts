import { type AdmissionPolicy, type AdmissionVerdict } from './admission/admission.port';
import { NoAdmission } from './admission/none.admission';
import { DEFAULT_PRIORITY_SLO_SCALE, type PrioritySloScale } from './admission/priority-class.model';
import { type SloTargets } from './slo-targets.model';
import { type SessionAffinity } from './affinity/session-affinity.map';
import { chooseDecode, type DecodeChoice } from './decode-choice.model';
import { KeyWordsMigration } from './key-words.migration';
import { type TbtEstimator } from './estimators/tbt.estimator';
import { type TtftEstimator } from './estimators/ttft.estimator';
import { type TenantFairness } from './fairness/tenant-fairness.rule';
import { type DecodeWork, type InstanceSnapshot } from './instance.model';
import { SchedulingContext } from './profile/scheduling.context';
import { ScratchArena } from './profile/scratch.arena';
import { type SchedulingProfile } from './profile/scheduling.profile';
import { type ClusterSnapshot, type LocalDecision, type Migration, type RejectReason, type ScheduleDecision, type ScheduleRequest } from './schedule.model';

type Rejection = Extract<ScheduleDecision, { kind: 'reject' }>;
import { type TtftEstimate } from './estimators/ttft.estimate';
import { predictPrefillMs } from './estimators/prefill-time.model';

export interface SchedulerOptions {
  readonly prefill: SchedulingProfile;
  readonly decode: SchedulingProfile;
  /** An instance with this many requests in flight takes no more; when all are full the request is rejected. */
  readonly maxInFlightPerInstance: number;
  /** Suggested wait before a rejected client retries. */
  readonly retryAfterMs: number;
  /** TTFT estimates for the plugins, admission and provenance; none without it. */
  readonly ttft?: TtftEstimator;
  /** TBT predictions for the plugins and admission; none without it. */
  readonly tbt?: TbtEstimator;
  /** The targets admission and TBT-aware decode selection hold requests to; none means no target. */
  readonly slo?: SloTargets;
  /** `none` when absent. */
  readonly admission?: AdmissionPolicy;
  readonly prioritySloScale?: PrioritySloScale;
  /** Per-tenant fair shares under load; off when absent. */
  readonly fairness?: TenantFairness;
  /** Where each routed session's turn went, for the `session-affinity` filter; not recorded when absent. */
  readonly sessions?: SessionAffinity;
}

/**
 * Chooses the prefill and decode instances for a request, or rejects it up front: keep the
 * instances that can take work, check the tenant's share, run the prefill profile, run the
 * decode profile judging decode load when the prefill is estimated to end, then let admission
 * judge the pair against the targets. The same request and snapshot give the same decision,
 * save for the plugins' and the session map's own state.
 */
export class Scheduler {
  private readonly admission: AdmissionPolicy;
  private readonly sloScale: PrioritySloScale;
  /** Per-candidate arrays of the decision in progress; decisions run one at a time. */
  private readonly arena = new ScratchArena();

  constructor(private readonly options: SchedulerOptions) {
    this.admission = options.admission ?? new NoAdmission();
    this.sloScale = options.prioritySloScale ?? DEFAULT_PRIORITY_SLO_SCALE;
  }

  decide(request: ScheduleRequest, snapshot: ClusterSnapshot): ScheduleDecision {
    const prefillCandidates = this.candidates(snapshot.prefill);
    const decodeCandidates = this.candidates(snapshot.decode);
    if (!anyRoutable(snapshot.prefill)) return this.reject('no-prefill-instance', 'no prefill instance is available');
    if (!anyRoutable(snapshot.decode)) return this.reject('no-decode-instance', 'no decode instance is available');
    if (prefillCandidates.length === 0 || decodeCandidates.length === 0) return this.reject('overloaded', 'every instance is at its in-flight limit');
    const unfair = this.overShare(request, snapshot.prefill, snapshot.tenantInFlightRequests);
    if (unfair !== undefined) return unfair;

    const ctx = this.context(request, snapshot);
    const prefill = this.options.prefill.run(ctx, prefillCandidates);
    if (prefill === undefined) return this.reject('overloaded', 'no prefill instance accepted the request');
    const estimate = ctx.ttft(prefill.instance);
    const horizonMs = estimate === undefined ? 0 : this.admission.decodeHorizonMs(estimate.ttftMs);
    const arrivals = this.admission.decodeArrivals(request, snapshot);
    const decode = judgedAlone(chooseDecode(this.options.decode, ctx.withDecodeHorizon(horizonMs, arrivals), decodeCandidates), arrivals);
    if (decode === undefined) return this.reject('overloaded', 'no decode instance accepted the request');
    const verdict = this.judge(estimate, decode, ctx);
    if (!verdict.admit) return { kind: 'reject', reason: verdict.reason, retryAfterMs: verdict.retryAfterMs, message: verdict.message };

    if (request.sessionId !== undefined) this.options.sessions?.record(request.sessionId, prefill.instance.id);
    return {
      kind: 'route',
      prefill: prefill.instance.id,
      decode: decode.instance.id,
      cachedBlocks: estimate === undefined ? snapshot.cachedPrefixBlocks(prefill.instance.id, request.blockKeys) : estimate.ownBlocks,
      policy: this.options.prefill.name,
      estimate,
      migrate: migrationOf(request, estimate),
      ...this.predictedGap(decode, request, horizonMs, arrivals),
      chosenBy: prefill.chosenBy,
    };
  }

  /**
   * Chooses only a decode instance, for a request it runs whole (its prompt computed there, no
   * prefill instance involved): the tenant's share of the decode pool, the decode profile judging
   * load as it is now with the prompt's chunks between the steps, then admission on the TTFT
   * estimate there (the prompts queued ahead and the steps between chunks). Needs no prefill instance.
   */
  decideLocal(request: ScheduleRequest, snapshot: ClusterSnapshot): LocalDecision {
    const candidates = this.candidates(snapshot.decode);
    if (!anyRoutable(snapshot.decode)) return this.reject('no-decode-instance', 'no decode instance is available');
    if (candidates.length === 0) return this.reject('overloaded', 'every instance is at its in-flight limit');
    const unfair = this.overShare(request, snapshot.decode, snapshot.tenantInFlightRequests);
    if (unfair !== undefined) return unfair;
    const ctx = this.context(request, snapshot, true);
    const arrivals = this.admission.decodeArrivals(request, snapshot);
    const horizon = ctx.withDecodeHorizon(0, arrivals);
    const previous = request.sessionId === undefined ? undefined : this.options.sessions?.instanceFor(request.sessionId);
    const kept = previous === undefined ? undefined : candidates.find((c) => c.id === previous);
    // The session's previous turn ran whole there, so its KV is in that instance's memory: kept
    // while the decode profile and admission accept it, so affinity never turns a request away.
    if (kept !== undefined) {
      const local = this.judgedLocal(request, ctx, judgedAlone(chooseDecode(this.options.decode, horizon, [kept]), arrivals), arrivals);
      if (local.kind === 'local') return local;
    }
    return this.judgedLocal(request, ctx, judgedAlone(chooseDecode(this.options.decode, horizon, candidates), arrivals), arrivals);
  }

  /** Admission's verdict on running the request whole on `decode`; the session's instance recorded when admitted. */
  private judgedLocal(request: ScheduleRequest, ctx: SchedulingContext, decode: DecodeChoice | undefined, arrivals: readonly DecodeWork[]): LocalDecision {
    if (decode === undefined) return this.reject('overloaded', 'no decode instance accepted the request');
    // The decode instance computes the prompt itself, after the whole runs queued there before it.
    const estimate = ctx.ttft(decode.instance);
    const verdict = this.judge(estimate, decode, ctx);
    if (!verdict.admit) return { kind: 'reject', reason: verdict.reason, retryAfterMs: verdict.retryAfterMs, message: verdict.message };
    if (request.sessionId !== undefined) this.options.sessions?.record(request.sessionId, decode.instance.id);
    return { kind: 'local', decode: decode.instance.id, ...this.predictedGap(decode, request, 0, arrivals), policy: this.options.decode.name, ...(estimate ? { estimate } : {}) };
  }

  /**
   * The gap predicted on the chosen decode instance, and the step model's own figure for the step
   * the request's stream will see there, judged as the prediction was: what its gaps are compared
   * with. Prompt chunks are left out of that figure: prefill work, calibrated by TTFTs; and a
   * request's own chunks lengthen the other streams' gaps, never its own.
   */
  private predictedGap({ instance, tbtMs }: DecodeChoice, request: ScheduleRequest, horizonMs: number, arrivals: readonly DecodeWork[]): { decodeTbtMs?: number; decodeStepModelMs?: number } {
    const tbt = this.options.tbt;
    if (tbtMs === undefined) return {};
    return tbt === undefined ? { decodeTbtMs: tbtMs } : { decodeTbtMs: tbtMs, decodeStepModelMs: tbt.modelledStepMs(instance, request.promptTokens, horizonMs, arrivals) };
  }

  /**
   * Estimated compute time of a prompt past `reusedTokens` of cached prefix on a prefill instance
   * with nothing queued; undefined without estimators.
   */
  prefillMs(promptTokens: number, reusedTokens: number): number | undefined {
    const ttft = this.options.ttft;
    return ttft === undefined ? undefined : predictPrefillMs(ttft.options.prefill, promptTokens, reusedTokens);
  }

  private judge(estimate: TtftEstimate | undefined, decode: DecodeChoice, ctx: SchedulingContext): AdmissionVerdict {
    const { ttftLimitMs, tbtLimitMs } = ctx;
    const tbtSeenLimitMs = tbtLimitMs / (this.options.slo?.headroom ?? 1);
    return this.admission.judge({ estimate, decode, ttftLimitMs, tbtLimitMs, tbtSeenLimitMs, retryAfterMs: this.options.retryAfterMs });
  }

  /** The plugins' view of one request, with its SLO targets scaled for its priority class. */
  private context(request: ScheduleRequest, snapshot: ClusterSnapshot, runsWhole = false): SchedulingContext {
    const { ttft, tbt, slo } = this.options;
    const scale = this.sloScale[request.priority ?? 'normal'];
    this.arena.reset();
    return new SchedulingContext({ request, snapshot, ttft, tbt, ttftLimitMs: (slo?.ttftMs ?? Infinity) * scale, tbtLimitMs: (slo?.tbtMs ?? Infinity) * scale, runsWhole, arena: this.arena });
  }

  /** The instances that can take work: `instances` itself when all can, so that plugins' per-list estimates are shared with it. */
  private candidates(instances: readonly InstanceSnapshot[]): readonly InstanceSnapshot[] {
    const limit = this.options.maxInFlightPerInstance;
    let able = 0;
    for (const i of instances) if (i.routable && i.inFlightRequests < limit) able++;
    return able === instances.length ? instances : instances.filter((i) => i.routable && i.inFlightRequests < limit);
  }

  /** Whether the tenant holds more than its fair share of `instances` (the pool that computes prompts) while they are busy. */
  private overShare(request: ScheduleRequest, instances: readonly InstanceSnapshot[], tenantInFlight: ClusterSnapshot['tenantInFlightRequests']): Rejection | undefined {
    const fairness = this.options.fairness;
    if (fairness === undefined || request.tenant === undefined) return undefined;
    let routable = 0;
    let inFlight = 0;
    for (const instance of instances) {
      if (!instance.routable) continue;
      routable++;
      inFlight += instance.inFlightRequests;
    }
    const over = fairness.overShare(request.tenant, tenantInFlight, inFlight / (routable * this.options.maxInFlightPerInstance));
    if (over === undefined) return undefined;
    const percent = (x: number) => `${Math.round(x * 100)}%`;
    return this.reject('tenant-over-share', `the cluster is busy and this tenant holds ${percent(over.share)} of the work in flight, over its fair share of ${percent(over.fairShare)}`);
  }

  private reject(reason: RejectReason, message: string): Rejection {
    return { kind: 'reject', reason, retryAfterMs: this.options.retryAfterMs, message };
  }
}

/**
 * The choice judged within the TBT target when its instance runs no stream and has no prompt
 * queued or on its way: a request there slows nobody down and gets the instance's best gaps, so
 * refusing it protects no one. It also keeps a TBT calibration learnt in a worse moment from
 * refusing every request for good: one admitted here shows what gaps are now.
 */
function judgedAlone(decode: DecodeChoice | undefined, arrivals: readonly DecodeWork[]): DecodeChoice | undefined {
  if (decode === undefined || decode.withinSlo) return decode;
  const instance = decode.instance;
  const busy = (instance.decodeBatch?.length ?? instance.inFlightRequests) > 0 || (instance.queuedPrefills?.length ?? 0) > 0 || arrivals.length > 0;
  return busy ? decode : { ...decode, withinSlo: true };
}

function anyRoutable(instances: readonly InstanceSnapshot[]): boolean {
  for (const instance of instances) if (instance.routable) return true;
  return false;
}

/** The blocks to copy when the chosen instance fetches its prefix from elsewhere. */
function migrationOf(request: ScheduleRequest, estimate: TtftEstimate | undefined): Migration | undefined {
  if (estimate?.branch !== 'fetch' || estimate.source === undefined) return undefined;
  const words = request.blockKeyWords;
  if (words !== undefined) return new KeyWordsMigration(words, estimate.ownBlocks, estimate.reusedBlocks, estimate.source);
  return { keys: request.blockKeys.slice(estimate.ownBlocks, estimate.reusedBlocks), from: estimate.source };
}
