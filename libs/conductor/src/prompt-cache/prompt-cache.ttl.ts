import { err, ok, type Result } from '@tsukimi/result';

/** Anthropic's two prompt-cache lifetimes, in milliseconds. */
export const ANTHROPIC_TTL_MS: Readonly<Record<'5m' | '1h', number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** The longest lease a request may ask for: a day, so that a typo cannot hold blocks for a year. */
export const MAX_LEASE_TTL_MS = 24 * 3_600_000;

/**
 * Reads a lease's time to live as the OpenAI extension takes it: `<integer><unit>` with unit
 * `ms`, `s`, `m` or `h` (`"5m"`, `"1h"`, and any shorter duration, which is how tests see a lease
 * expire without waiting minutes). The reason is a sentence for the client.
 */
export function parseLeaseTtl(text: unknown): Result<number, string> {
  if (typeof text !== 'string') return err('must be a duration such as "5m", "1h" or "30s"');
  const match = /^([0-9]{1,9})(ms|s|m|h)$/.exec(text);
  if (!match) return err(`must be a duration such as "5m", "1h" or "30s", got ${JSON.stringify(text.slice(0, 20))}`);
  const ttlMs = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ttlMs < 1 || ttlMs > MAX_LEASE_TTL_MS) return err(`must be between 1ms and 24h, got ${JSON.stringify(text)}`);
  return ok(ttlMs);
}
