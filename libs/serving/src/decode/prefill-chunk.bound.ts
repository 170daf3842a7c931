/**
 * How many prompt tokens a decode instance computes between two steps of its batch when it
 * runs a whole request itself: as many as fit, beside the step, in the time-between-tokens SLO,
 * so the batch's other sequences keep their TBT while a prompt is piggybacked onto it.
 *
 * The time per prompt token is the last chunk's: a chunk deeper into a long prompt attends to
 * more and costs more per token, and the last measurement follows that.
 */
export class PrefillChunkBound {
  private msPerToken: number | undefined;

  constructor(
    /** The most tokens one chunk takes, with or without an SLO. */
    private readonly maxChunkTokens: number,
    /** The fewest: a prompt always advances, even when the step alone fills the SLO. */
    private readonly minChunkTokens: number,
  ) {
    if (!(minChunkTokens >= 1 && maxChunkTokens >= minChunkTokens)) throw new RangeError(`chunk bounds must satisfy 1 <= min <= max, got ${minChunkTokens} and ${maxChunkTokens}`);
  }

  /** A chunk ran: `computedTokens` went through the model in `ms`. */
  record(computedTokens: number, ms: number): void {
    if (computedTokens > 0 && Number.isFinite(ms) && ms >= 0) this.msPerToken = ms / computedTokens;
  }

  /**
   * Tokens of the next chunk. `stepMs` is the predicted time of the step it follows, undefined
   * when no step runs (an idle batch: nobody waits, so the chunk is as long as allowed). Beside a
   * running batch with nothing measured yet, the smallest chunk, which then gives the measure.
   */
  tokens(tbtSloMs: number | undefined, stepMs: number | undefined): number {
    if (tbtSloMs === undefined || stepMs === undefined) return this.maxChunkTokens;
    if (this.msPerToken === undefined) return this.minChunkTokens;
    const fitting = this.msPerToken === 0 ? this.maxChunkTokens : Math.floor((tbtSloMs - stepMs) / this.msPerToken);
    return Math.max(this.minChunkTokens, Math.min(this.maxChunkTokens, fitting));
  }
}
