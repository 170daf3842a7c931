import { type ClientLatency } from './goodput.policy';

/**
 * When one request's tokens went out, choice by choice, as times on the conductor's monotonic
 * clock: its TTFT, each choice's longest inter-token gap, and each choice's time per output token.
 */
export class RequestTiming {
  private firstMs: number | undefined;
  private readonly choices = new Map<number, { firstMs: number; lastMs: number; tokens: number }>();
  private maxGapMs = 0;

  constructor(private readonly startMs: number) {}

  /** A token of choice `index` sent at `nowMs`; returns the request's TTFT when it is the request's first token. */
  token(index: number, nowMs: number): number | undefined {
    const first = this.firstMs === undefined;
    this.firstMs ??= nowMs;
    const choice = this.choices.get(index);
    if (choice) {
      this.maxGapMs = Math.max(this.maxGapMs, nowMs - choice.lastMs);
      choice.lastMs = nowMs;
      choice.tokens += 1;
    } else {
      this.choices.set(index, { firstMs: nowMs, lastMs: nowMs, tokens: 1 });
    }
    return first ? nowMs - this.startMs : undefined;
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
