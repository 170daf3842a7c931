/**
 * TBT SLOs a stream may go without a token, once it has sent one, before it counts as stalled:
 * far past any healthy gap (a step waits at most behind a prompt computed between steps), so
 * that only an instance that stopped gets its requests moved.
 */
const STALL_SLO_MULTIPLE = 50;
/** The derived bound's floor, for SLOs so tight that a loaded host's scheduling jitter would reach it. */
const MIN_DERIVED_STALL_MS = 5_000;

export interface DecodeStallSettings {
  /** The bound given; absent: derived from the TBT SLO. */
  readonly stallTimeoutMs?: number;
  readonly tbtSloMs: number;
  /** The longest silence of any stream, its first token's wait included: no bound exceeds it. */
  readonly idleTimeoutMs: number;
}

/**
 * How long a decode stream that has sent a token may stay silent before it counts as stalled:
 * a failure of its instance, after which the request moves to another from its tokens so far.
 */
export function decodeStallTimeoutMs(settings: DecodeStallSettings): number {
  const bound = settings.stallTimeoutMs ?? Math.max(MIN_DERIVED_STALL_MS, STALL_SLO_MULTIPLE * settings.tbtSloMs);
  return Math.min(bound, settings.idleTimeoutMs);
}
