import { type BlockKey } from '@tsukimi/kv-block';

/**
 * What a decode instance is handed: the prompt's block keys and, where a prefill instance or an
 * earlier decode instance produced tokens already, those tokens (absent `firstToken`: the
 * instance runs the whole request).
 */
export interface DecodeHandoff {
  readonly blockKeys: readonly BlockKey[];
  readonly firstToken: number | undefined;
  /** Tokens after `firstToken` an earlier decode instance streamed before it went away. */
  readonly continuedTokens?: readonly number[];
}

/**
 * The tokens one request's decode has streamed so far, across every decode instance it ran on,
 * and the handoff that resumes it after them on another instance.
 */
export class DecodeProgress {
  private readonly streamed: number[] = [];

  constructor(private readonly initial: DecodeHandoff) {}

  /** Tokens the decode instances streamed, the first of a whole run included. */
  get tokens(): number {
    return this.streamed.length;
  }

  /** Tokens generated before the next decode instance starts: the prefill instance's first token, then those streamed. */
  get generated(): number {
    return (this.initial.firstToken === undefined ? 0 : 1) + this.streamed.length;
  }

  record(token: number): void {
    this.streamed.push(token);
  }

  /** The handoff for the next instance: the initial one while nothing was streamed, else a resume after every token streamed. */
  handoff(): DecodeHandoff {
    if (this.streamed.length === 0) return this.initial;
    const [firstToken, ...continuedTokens] = this.initial.firstToken === undefined ? this.streamed : [this.initial.firstToken, ...this.streamed];
    if (firstToken === undefined) return this.initial;
    return { blockKeys: this.initial.blockKeys, firstToken, continuedTokens };
  }
}
