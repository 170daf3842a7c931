import { type SloTargets } from '@tsukimi/scheduler';

/** How one finished request's tokens reached the client. */
export interface ClientLatency {
  /** From the request's arrival to its first token sent; absent when no token was generated. */
  readonly ttftMs: number | undefined;
  /** The longest gap between two consecutive tokens of any one choice; 0 with fewer than two tokens. */
  readonly maxGapMs: number;
}

/**
 * Whether a finished request counts as goodput: its first token within the TTFT SLO and every
 * inter-token gap within the TBT SLO (a threshold met exactly counts as met, as a histogram's
 * `le` bucket does). A request that produced no token has no TTFT to meet and is not goodput.
 */
export function metSlo(latency: ClientLatency, slo: SloTargets): boolean {
  if (latency.ttftMs === undefined) return false;
  return latency.ttftMs <= slo.ttftMs && latency.maxGapMs <= slo.tbtMs;
}
