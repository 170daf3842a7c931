/** Monotonic time, injected; `@tsukimi/telemetry`'s `Clock` satisfies it. */
export interface MonotonicClock {
  /** Milliseconds from an arbitrary origin; never goes back. */
  monotonicMs(): number;
}
