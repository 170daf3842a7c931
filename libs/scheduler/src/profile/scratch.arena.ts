const INITIAL_DOUBLES = 1024;

/**
 * Per-candidate number arrays for one scheduling cycle, carved from one buffer that the next
 * cycle carves again. A `Float64Array` longer than 8 numbers gets its own off-heap store, which
 * costs about a microsecond to allocate whatever its length, and a decision over 64 + 64
 * instances needs half a dozen (estimates, scores, totals); a view onto a held buffer costs
 * tens of nanoseconds. The scheduler owns one arena and starts each decision with `reset`, so a
 * view must not be kept past the cycle that took it.
 */
export class ScratchArena {
  private buffer = new Float64Array(INITIAL_DOUBLES);
  private used = 0;

  /** Starts a cycle: every view taken before may be handed out again. */
  reset(): void {
    this.used = 0;
  }

  /** `length` zeros, valid until the next `reset`. A cycle that needs more than the buffer holds moves to a larger one; views already taken keep the old. */
  float64(length: number): Float64Array {
    if (this.used + length > this.buffer.length) {
      this.buffer = new Float64Array(Math.max(2 * this.buffer.length, length));
      this.used = 0;
    }
    const view = new Float64Array(this.buffer.buffer, this.used * Float64Array.BYTES_PER_ELEMENT, length);
    this.used += length;
    return view.fill(0);
  }
}
