/** A token bucket's level at a moment: `level` units were left at `atMs`. */
export interface BucketState {
  readonly level: number;
  readonly atMs: number;
}

/**
 * A bucket of `perMinute` units that refills continuously at `perMinute` per minute. A full
 * bucket is a fresh minute's budget; a burst may spend it at once, as OpenAI's limits allow.
 * The Redis adapter's Lua does the same arithmetic.
 */
export class TokenBucket {
  constructor(readonly perMinute: number) {}

  /** A bucket nobody has drawn from is full. A clock that went back (another replica's) refills nothing. */
  levelAt(state: BucketState | undefined, nowMs: number): number {
    if (state === undefined) return this.perMinute;
    const elapsedMs = Math.max(0, nowMs - state.atMs);
    return Math.min(this.perMinute, state.level + (elapsedMs * this.perMinute) / 60_000);
  }

  /** Milliseconds until a bucket at `level` holds `units` (0 when it does). */
  msUntil(level: number, units: number): number {
    if (level >= units) return 0;
    return Math.ceil(((units - level) * 60_000) / this.perMinute);
  }

  /** Milliseconds until a bucket at `level` is full again: OpenAI's `x-ratelimit-reset-*`. */
  msUntilFull(level: number): number {
    return this.msUntil(level, this.perMinute);
  }
}
