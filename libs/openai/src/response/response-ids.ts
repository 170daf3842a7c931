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

/**
 * The production ids for `ResponseIds` and request ids, one generator per process: 24 hex digits,
 * 64 random bits drawn once, then a 32-bit counter. One id costs a counter step and a string
 * join, where 96 fresh random bits per id cost a call into OpenSSL's generator and a Buffer
 * (1.0-1.2% of the conductor's busy samples, two ids a request). A generator's ids never repeat
 * (the prefix is drawn again when the counter wraps) and two share a prefix with odds of about
 * 2^-64 a pair, so ids stay unique across replicas and restarts; they are not secret.
 */
export class ProcessUniqueIds {
  private prefix = '';
  private counter: number;

  constructor(
    private readonly randomPrefix: () => string = () => randomBytes(8).toString('hex'),
    /** Ids under one prefix; at most 2^32, which the counter's 8 hex digits hold. */
    private readonly idsPerPrefix = COUNTER_LIMIT,
  ) {
    this.counter = idsPerPrefix;
  }

  next(): string {
    if (this.counter >= this.idsPerPrefix) {
      this.prefix = this.randomPrefix();
      this.counter = 0;
    }
    const n = (this.counter++).toString(16);
    return this.prefix + COUNTER_PADDING.slice(n.length) + n;
  }
}

/** Ids a 32-bit counter gives under one prefix. */
const COUNTER_LIMIT = 2 ** 32;
const COUNTER_PADDING = '00000000';
