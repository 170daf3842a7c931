import { err, ok, type Result } from '@tsukimi/result';

/** Why a text failed to parse as a 64-bit id; `value` is cut short so a hostile input cannot flood a log line. */
export interface IdParseError {
  readonly kind: 'malformed-id';
  readonly idType: string;
  readonly value: string;
  readonly reason: string;
}

export const U64_MAX = (1n << 64n) - 1n;

const HEX64 = /^[0-9a-f]{16}$/;

/**
 * Fixed-width lowercase hex is the canonical text form of every 64-bit id: it is a cheap Map key,
 * sorts like the number, survives JSON (a bigint would not), and has exactly one spelling per value.
 */
export function formatHex64(value: bigint, idType: string): string {
  if (value < 0n || value > U64_MAX) throw new RangeError(`${idType} must be a u64, got ${value}`);
  return value.toString(16).padStart(16, '0');
}

export function parseHex64(text: string, idType: string): Result<string, IdParseError> {
  if (HEX64.test(text)) return ok(text);
  const reason = text.length === 16 ? 'expected lowercase hex digits only' : `expected 16 hex digits, got ${text.length} characters`;
  return err({ kind: 'malformed-id', idType, value: text.slice(0, 40), reason });
}

export function hex64ToU64(text: string): bigint {
  return BigInt(`0x${text}`);
}
