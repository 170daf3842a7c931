import { type GeneratedToken } from '@tsukimi/engine';

/** Where a decode stream's messages go: one message carries one or more tokens. */
export interface TokenBatchOutput {
  /** Sends one message; false when the stream's buffer is full and it should wait for `drained`. */
  write(tokens: readonly GeneratedToken[]): boolean;
  /** The last token has been written: nothing follows. */
  end(): void;
}

/**
 * One request's tokens onto its decode stream, a message per engine step while the stream keeps
 * up. Once the stream reports its buffer full, tokens gather until it drains and then go out as
 * one message: a reader that fell behind gets fewer, fuller messages rather than a queue of one
 * per token. The token with a finish reason is written at once, full buffer or not (the stream
 * still holds it), and ends the stream.
 */
export class TokenBatchWriter {
  private pending: GeneratedToken[] = [];
  private waiting = false;
  private ended = false;

  constructor(private readonly out: TokenBatchOutput) {}

  /** Tokens gathered and not yet written, while the stream drains. */
  get pendingTokens(): number {
    return this.pending.length;
  }

  token(token: GeneratedToken): void {
    if (this.ended) throw new Error('TokenBatchWriter: a token after the last one');
    this.pending.push(token);
    if (token.finishReason) {
      this.flush();
      this.ended = true;
      this.out.end();
    } else if (!this.waiting) this.flush();
  }

  /** The stream took what it held: gathered tokens go out now. */
  drained(): void {
    this.waiting = false;
    if (!this.ended) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const tokens = this.pending;
    this.pending = [];
    if (!this.out.write(tokens)) this.waiting = true;
  }
}
