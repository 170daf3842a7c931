import { type TtftEstimate } from '../estimators/ttft.estimate';
import { type DecodeChoice } from '../decode-choice.model';
import { type DecodeWork } from '../instance.model';
import { type ClusterSnapshot, type RejectReason, type ScheduleRequest } from '../schedule.model';

export type AdmissionName = 'none' | 'early' | 'predictive';

/** What admission judges: the chosen pair's predictions against the targets for this request's class. */
export interface AdmissionInput {
  /** Absent when the scheduler has no TTFT estimator: TTFT is then not judged. */
  readonly estimate: TtftEstimate | undefined;
  readonly decode: DecodeChoice;
  /** The TTFT and TBT targets, already scaled for the request's priority class. */
  readonly ttftLimitMs: number;
  readonly tbtLimitMs: number;
  /** The TBT SLO itself, scaled for the class: what gaps seen rather than estimated are held to. `tbtLimitMs` when absent. */
  readonly tbtSeenLimitMs?: number;
  /** The scheduler's suggested wait before a retry; a policy may suggest longer. */
  readonly retryAfterMs: number;
}

export type AdmissionVerdict =
  | { readonly admit: true }
  | { readonly admit: false; readonly reason: RejectReason; readonly message: string; readonly retryAfterMs: number };

export const ADMIT: AdmissionVerdict = { admit: true };

/** Decides, before any work starts, whether a routed request is served or refused fast. */
export interface AdmissionPolicy {
  readonly name: AdmissionName;
  /** How far ahead decode load is judged: now, or when this request's prefill is estimated to end. */
  decodeHorizonMs(ttftMs: number): number;
  /** Work each decode instance should expect to join its batch before this request does (none: judge the batch as it is). */
  decodeArrivals(request: ScheduleRequest, snapshot: ClusterSnapshot): readonly DecodeWork[];
  judge(input: AdmissionInput): AdmissionVerdict;
}
