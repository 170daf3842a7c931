export interface StopMatch {
  /** Text that can be shown now: it cannot be part of a stop sequence. */
  readonly emit: string;
  /** A stop sequence completed; `emit` ends right before it. */
  readonly stopped: boolean;
}

/**
 * Finds stop sequences in streamed text. Text that might be the start of a stop
 * sequence is held back until it is known not to be one, so a stream never shows a
 * partial stop sequence that the final text would omit.
 */
export class StopSequenceMatcher {
  private pending = '';
  private readonly stops: readonly string[];

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  /**
   * Adds streamed text. With `canStop` false (too few tokens yet) no stop sequence ends
   * the text, but a possible start of one is still held back, so one that completes
   * after the minimum is found whole.
   */
  push(text: string, canStop = true): StopMatch {
    if (this.stops.length === 0) return { emit: text, stopped: false };
    this.pending += text;
    if (canStop) return this.match();
    return this.hold();
  }

  private match(): StopMatch {
    let first = -1;
    for (const stop of this.stops) {
      const at = this.pending.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    if (first >= 0) {
      const emit = this.pending.slice(0, first);
      this.pending = '';
      return { emit, stopped: true };
    }
    return this.hold();
  }

  private hold(): StopMatch {
    const held = this.longestPartialStop();
    const emit = this.pending.slice(0, this.pending.length - held);
    this.pending = this.pending.slice(this.pending.length - held);
    return { emit, stopped: false };
  }

  /** Releases the held-back text once generation ends for another reason. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  private longestPartialStop(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, this.pending.length); n > longest; n--) {
        if (this.pending.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
