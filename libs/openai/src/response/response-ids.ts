import { randomBytes } from 'node:crypto';

/** What identifies one response: its id and its creation time in Unix seconds. */
export interface ResponseStamp {
  readonly id: string;
  readonly created: number;
}

/**
 * Stamps responses with ids and creation times from injected randomness and an injected
 * clock (milliseconds since the epoch), so tests and the simulator stay deterministic.
 */
export class ResponseIds {
  constructor(
    private readonly random: () => string,
    private readonly nowMs: () => number,
  ) {}

  /** `cmpl-…`, for `text_completion` responses and their chunks. */
  completion(): ResponseStamp {
    return this.stamp('cmpl-');
  }

  /** `chatcmpl-…`, for `chat.completion` responses and their chunks. */
  chat(): ResponseStamp {
    return this.stamp('chatcmpl-');
  }

  /** `msg_…`, for Anthropic Messages API answers. */
  message(): ResponseStamp {
    return this.stamp('msg_');
  }

  private stamp(prefix: string): ResponseStamp {
    return { id: `${prefix}${this.random()}`, created: Math.floor(this.nowMs() / 1000) };
  }
}

/** The production randomness for `ResponseIds`: 96 random bits as 24 hex digits. */
export function randomHexId(): string {
  return randomBytes(12).toString('hex');
}
