import { field } from '@tsukimi/config';
import { type CircuitOptions, DEFAULT_CIRCUIT_OPTIONS } from '@tsukimi/conductor';

/** When an instance's circuit opens and when it is tried again; and how long a decode stream may stall. */
export const circuitSchema = {
  circuitWindowMs: field.duration({ min: 100, default: DEFAULT_CIRCUIT_OPTIONS.windowMs, description: 'The sliding window over which each instance\'s calls and failures are counted for its circuit' }),
  circuitErrorRate: field.number({ min: 0.01, max: 1, default: DEFAULT_CIRCUIT_OPTIONS.errorRate, description: 'Share of an instance\'s calls within --circuit-window-ms that failed (errors and timeouts) at which its circuit opens: no requests are routed to it' }),
  circuitMinCalls: field.int({ min: 1, default: DEFAULT_CIRCUIT_OPTIONS.minCalls, description: 'Calls an instance must have ended within --circuit-window-ms before its error rate can open its circuit' }),
  circuitConsecutiveTimeouts: field.int({ min: 1, default: DEFAULT_CIRCUIT_OPTIONS.consecutiveTimeouts, description: 'Calls in a row that time out (a decode stream stalled or silent, a prefill past its deadline) that open an instance\'s circuit at once' }),
  circuitCoolDownMs: field.duration({ min: 1, default: DEFAULT_CIRCUIT_OPTIONS.coolDownMs, description: 'How long an open circuit stays open; then it is half-open, and the next probe of the instance closes it on success or opens it again' }),
  decodeStallTimeoutMs: field.duration({
    min: 1,
    optional: true,
    description: 'Longest gap between tokens of a decode stream, after its first, before it counts as stalled: a timeout of its instance, the request migrating (default 50 times the TBT SLO, at least 5s; at most --decode-idle-timeout-ms)',
  }),
};

/** The circuit options out of the conductor's settings. */
export function circuitOptions(config: { readonly circuitWindowMs: number; readonly circuitErrorRate: number; readonly circuitMinCalls: number; readonly circuitConsecutiveTimeouts: number; readonly circuitCoolDownMs: number }): CircuitOptions {
  return {
    windowMs: config.circuitWindowMs,
    errorRate: config.circuitErrorRate,
    minCalls: config.circuitMinCalls,
    consecutiveTimeouts: config.circuitConsecutiveTimeouts,
    coolDownMs: config.circuitCoolDownMs,
  };
}
