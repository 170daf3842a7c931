import { type TokenSink } from '../request.model';

/**
 * The longest gap between two tokens of one stream, the gaps its decode instance's steps set.
 * On a routed request the gap before the second token is left out: it holds the KV handoff,
 * which the step-time model does not predict and admission judges apart. A request run whole on
 * its decode instance has no handoff (`firstGapIsHandoff` false): its first gap is a step's, the
 * chunk of another prompt queued there included, and counts.
 */
export class LongestGapWatch {
  private tokens = 0;
  private lastMs = 0;
  private longest = 0;
  /** Tokens before the first gap that counts. */
  private readonly countsFrom: number;

  constructor(
    private readonly nowMs: () => number,
    firstGapIsHandoff = true,
  ) {
    this.countsFrom = firstGapIsHandoff ? 2 : 1;
  }

  /** `sink` with every token also timed here. */
  watching(sink: TokenSink): TokenSink {
    return { ...sink, token: (token) => {
      this.token();
      sink.token(token);
    } };
  }

  token(): void {
    const now = this.nowMs();
    this.tokens++;
    if (this.tokens > this.countsFrom) this.longest = Math.max(this.longest, now - this.lastMs);
    this.lastMs = now;
  }

  /** The longest gap seen, once there was one to see. */
  get longestMs(): number | undefined {
    return this.tokens > this.countsFrom ? this.longest : undefined;
  }
}
