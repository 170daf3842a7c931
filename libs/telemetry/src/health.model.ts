/**
 * The outcome of one health or readiness check, returned as a value: a check that finds its
 * dependency down says so with a reason instead of throwing.
 */
export type HealthResult = HealthyResult | UnhealthyResult;

export interface HealthyResult {
  readonly status: 'up';
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface UnhealthyResult {
  readonly status: 'down';
  /** A constant, human-readable cause: `model not loaded`, `kvpool unreachable`. */
  readonly reason: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function healthy(details?: Readonly<Record<string, unknown>>): HealthyResult {
  return details === undefined ? { status: 'up' } : { status: 'up', details };
}

export function unhealthy(reason: string, details?: Readonly<Record<string, unknown>>): UnhealthyResult {
  return details === undefined ? { status: 'down', reason } : { status: 'down', reason, details };
}
