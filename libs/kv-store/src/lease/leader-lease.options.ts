export interface LeaderLeaseOptions {
  /** How long the lease lasts unless renewed; 10 000 ms. A standby takes over at most about this long after the leader dies. */
  readonly ttlMs?: number;
  /** How often the leader renews; a third of the TTL, so two renewals may fail before it lapses. */
  readonly renewIntervalMs?: number;
  /** How often a follower tries to take the lease; a third of the TTL. */
  readonly retryIntervalMs?: number;
  /**
   * How much sooner than the TTL the leader gives up a lease it could not renew: room for its
   * clock running slower than the store's. A twentieth of the TTL.
   */
  readonly driftMarginMs?: number;
}

export type CompiledLeaderLeaseOptions = Required<LeaderLeaseOptions>;

/** A bad option, named by its key; thrown at boot. */
export class LeaderLeaseOptionsError extends Error {
  override readonly name = 'LeaderLeaseOptionsError';
  readonly code = 'KV_STORE_BAD_LEASE_OPTION';

  constructor(
    readonly key: keyof LeaderLeaseOptions,
    reason: string,
  ) {
    super(`leader lease option ${key} ${reason}`);
  }
}

/** Validates and defaults in one step. */
export function compileLeaderLeaseOptions(options: LeaderLeaseOptions = {}): CompiledLeaderLeaseOptions {
  const ttlMs = options.ttlMs ?? 10_000;
  const third = Math.max(1, Math.floor(ttlMs / 3));
  const compiled: CompiledLeaderLeaseOptions = {
    ttlMs,
    renewIntervalMs: options.renewIntervalMs ?? third,
    retryIntervalMs: options.retryIntervalMs ?? third,
    driftMarginMs: options.driftMarginMs ?? Math.floor(ttlMs / 20),
  };
  for (const key of ['ttlMs', 'renewIntervalMs', 'retryIntervalMs'] as const) {
    if (!Number.isSafeInteger(compiled[key]) || compiled[key] < 1) throw new LeaderLeaseOptionsError(key, `must be a positive integer, got ${compiled[key]}`);
  }
  if (!Number.isSafeInteger(compiled.driftMarginMs) || compiled.driftMarginMs < 0) {
    throw new LeaderLeaseOptionsError('driftMarginMs', `must be a non-negative integer, got ${compiled.driftMarginMs}`);
  }
  const heldMs = compiled.ttlMs - compiled.driftMarginMs;
  if (compiled.renewIntervalMs >= heldMs) {
    throw new LeaderLeaseOptionsError('renewIntervalMs', `must be below ttlMs - driftMarginMs (${heldMs}), got ${compiled.renewIntervalMs}`);
  }
  return compiled;
}
