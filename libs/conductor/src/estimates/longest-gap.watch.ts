import { type TokenSink } from '../request.model';

/**
 * The longest gap between two tokens of one stream after its second: the gaps its decode
 * instance's steps set. The gap before the second token is left out: on a routed request it
 * holds the KV handoff, which the step-time model does not predict and admission judges apart.
 */
export class LongestGapWatch {
  private tokens = 0;
  private lastMs = 0;
  private longest = 0;

  constructor(private readonly nowMs: () => number) {}

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
    if (this.tokens > 2) this.longest = Math.max(this.longest, now - this.lastMs);
    this.lastMs = now;
  }

  /** The longest gap seen, once there was one to see. */
  get longestMs(): number | undefined {
    return this.tokens > 2 ? this.longest : undefined;
  }
}
