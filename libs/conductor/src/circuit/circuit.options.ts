/**
 * When an instance's circuit opens and how long it stays open. A circuit opens when, over the
 * last `windowMs`, at least `minCalls` calls ended and the share of them that failed reaches
 * `errorRate`; or at once after `consecutiveTimeouts` calls in a row timed out (a hung instance
 * fails few calls, each slowly, so the rate alone would take long to see it).
 */
export interface CircuitOptions {
  readonly windowMs: number;
  /** Share of failed calls in the window that opens the circuit, in (0, 1]. */
  readonly errorRate: number;
  /** Calls the window must hold before its error rate counts: a single failure is no rate. */
  readonly minCalls: number;
  readonly consecutiveTimeouts: number;
  /** How long an open circuit refuses calls before it lets one trial through (half-open). */
  readonly coolDownMs: number;
}

export const DEFAULT_CIRCUIT_OPTIONS: CircuitOptions = {
  windowMs: 10_000,
  errorRate: 0.5,
  minCalls: 10,
  consecutiveTimeouts: 2,
  coolDownMs: 5_000,
};

/** How one call to an instance ended, as its circuit counts it. */
export type CallOutcome = 'success' | 'error' | 'timeout';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Every state, for series that should exist before their first transition. */
export const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'half-open', 'open'];

/**
 * Why a circuit moved: it opened on its `error-rate` or on `timeouts` in a row; its `cool-down`
 * ended (half-open); its trial (a probe or a request) succeeded (closed) or failed (open again).
 */
export type CircuitReason = 'error-rate' | 'timeouts' | 'cool-down' | 'trial-succeeded' | 'trial-failed';

export interface CircuitTransition {
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly reason: CircuitReason;
}
