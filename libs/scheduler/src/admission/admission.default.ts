import { type AdmissionName } from './admission.port';

/**
 * The admission policy a deployment runs when it names none: `predictive` once the operator has
 * set a latency target (a TTFT or TBT SLO given explicitly), since a target nobody enforces only
 * shows up as late answers; `none` otherwise, so that load shows as latency and nothing is refused.
 * A policy named explicitly always wins.
 */
export function defaultAdmission(named: AdmissionName | undefined, slosSet: boolean): AdmissionName {
  return named ?? (slosSet ? 'predictive' : 'none');
}
