/**
 * Time, injected so that policies, timeouts and tests do not read the system clock directly.
 */
export interface Clock {
  /** Wall-clock time in ms since the Unix epoch: for timestamps people read. May jump. */
  nowMs(): number;
  /** Monotonic time in ms from an arbitrary origin: for durations and deadlines. Never goes back. */
  monotonicMs(): number;
}
