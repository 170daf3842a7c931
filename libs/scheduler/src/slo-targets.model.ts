/**
 * The latency targets a request is held to, in milliseconds: time to first token and time between
 * tokens. Shared by admission (which holds its estimates to them), the conductor's goodput count and
 * the simulator's report; each judge says how it measures a request's TBT against `tbtMs`.
 */
export interface SloTargets {
  readonly ttftMs: number;
  readonly tbtMs: number;
  /**
   * The share of the SLO users are promised that the targets are (1 when absent): estimates are
   * held to the targets, the room left for those that run short. What was seen rather than
   * estimated (the gaps of the KV handoff) is held to the promise itself, the targets over it.
   */
  readonly headroom?: number;
}
