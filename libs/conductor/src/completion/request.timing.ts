import { type ClientLatency } from './goodput.policy';

/** What one token's send time says: the request's TTFT on its first token, the gap since its choice's previous one after that. */
export interface TokenTiming {
  readonly ttftMs: number | undefined;
  readonly gapMs: number | undefined;
}

/**
 * When one request's tokens went out, choice by choice, as times on the conductor's monotonic
 * clock: its queue wait, its TTFT, each choice's inter-token gaps and time per output token.
 */
export class RequestTiming {
  private firstMs: number | undefined;
  private dispatchedMs: number | undefined;
  private readonly choices = new Map<number, { firstMs: number; lastMs: number; tokens: number }>();
  private maxGapMs = 0;

  constructor(private readonly startMs: number) {}

  /** A prefill call went out at `nowMs`; returns the request's queue wait when it is the request's first. */
  dispatched(nowMs: number): number | undefined {
    if (this.dispatchedMs !== undefined) return undefined;
    this.dispatchedMs = nowMs;
    return nowMs - this.startMs;
  }

  /** A token of choice `index` sent at `nowMs`. */
  token(index: number, nowMs: number): TokenTiming {
    const first = this.firstMs === undefined;
    this.firstMs ??= nowMs;
    const choice = this.choices.get(index);
    let gapMs: number | undefined;
    if (choice) {
      gapMs = nowMs - choice.lastMs;
      this.maxGapMs = Math.max(this.maxGapMs, gapMs);
      choice.lastMs = nowMs;
      choice.tokens += 1;
    } else {
      this.choices.set(index, { firstMs: nowMs, lastMs: nowMs, tokens: 1 });
    }
    return { ttftMs: first ? nowMs - this.startMs : undefined, gapMs };
  }

  /** Time to the request's first token; undefined before it. */
  get ttftMs(): number | undefined {
    return this.firstMs === undefined ? undefined : this.firstMs - this.startMs;
  }

  latency(): ClientLatency {
    return { ttftMs: this.ttftMs, maxGapMs: this.maxGapMs };
  }

  /** Each choice's mean time per token after its first, for choices of at least two tokens. */
  timePerOutputTokenMs(): number[] {
    return [...this.choices.values()].filter((c) => c.tokens > 1).map((c) => (c.lastMs - c.firstMs) / (c.tokens - 1));
  }
}
