import { type GatewayFailure, RETRY_PHASES, type RetryPhase } from '@tsukimi/conductor';
import { type Metrics } from '@tsukimi/service-kit';

/** The failures the retry policy retries on: each phase's series for them exist from the start, so that rate() counts the first retry too. */
const RETRIED: readonly GatewayFailure['kind'][] = ['unavailable', 'timeout'];

/** Retries of a phase on another instance, as `tsukimi_conductor_phase_retries_total`. */
export function phaseRetryMetrics(m: Metrics): (phase: RetryPhase, reason: GatewayFailure['kind']) => void {
  const retries = m.get('tsukimi_conductor_phase_retries_total');
  for (const phase of RETRY_PHASES) for (const reason of RETRIED) retries.inc({ role: phase, reason }, 0);
  return (phase, reason) => retries.inc({ role: phase, reason });
}
