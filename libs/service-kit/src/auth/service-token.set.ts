import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@tsukimi/result';

/** The shortest token accepted: a guessable one would make the check a formality. */
export const SERVICE_TOKEN_MIN_CHARS = 16;

/**
 * The tokens one service holds: it proves itself with the first and accepts any of them, so an
 * operator rotates by adding the new token everywhere, rolling, then removing the old one.
 */
export class ServiceTokenSet {
  private readonly digests: readonly Buffer[];

  private constructor(private readonly tokens: readonly string[]) {
    this.digests = tokens.map(digestOf);
  }

  /**
   * One token a line; blank lines and surrounding spaces are ignored. The error never quotes the
   * text, which is a secret.
   */
  static parse(text: string): Result<ServiceTokenSet, string> {
    const tokens = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
    if (tokens.length === 0) return err('holds no token');
    const short = tokens.findIndex((token) => token.length < SERVICE_TOKEN_MIN_CHARS || /\s/.test(token));
    if (short >= 0) return err(`token ${short + 1} is shorter than ${SERVICE_TOKEN_MIN_CHARS} characters or holds a space`);
    return ok(new ServiceTokenSet(tokens));
  }

  /** The token this service sends. */
  sending(): string {
    return this.tokens[0] as string;
  }

  /** Every token a peer may send, the sending one first. */
  accepted(): readonly string[] {
    return this.tokens;
  }

  /**
   * Whether `presented` is one of the tokens. Constant-time: every token is compared, over
   * digests of equal length, so neither the time taken nor an early exit tells a caller how much
   * of a guess was right or which token it matched.
   */
  accepts(presented: string): boolean {
    const digest = digestOf(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(digest, known) || matched;
    return matched;
  }
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
