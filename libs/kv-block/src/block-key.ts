import { type Result } from '@tsukimi/result';
import { formatHex64, hex64ToU64, parseHex64, type IdParseError } from './hex64';

declare const blockKeyBrand: unique symbol;

/** Chained hash of a block and every block before it: equal keys mean a reusable prefix. 16 lowercase hex digits. */
export type BlockKey = string & { readonly [blockKeyBrand]: true };

export function blockKeyFromU64(value: bigint): BlockKey {
  return formatHex64(value, 'BlockKey') as BlockKey;
}

export function blockKeyToU64(key: BlockKey): bigint {
  return hex64ToU64(key);
}

/** Accepts only the canonical spelling, so that one block never has two keys in a map. */
export function parseBlockKey(text: string): Result<BlockKey, IdParseError> {
  return parseHex64(text, 'BlockKey') as Result<BlockKey, IdParseError>;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The key whose high and low 32 bits are `hi` and `lo`: `blockKeyFromU64` without a bigint. */
export function blockKeyFromWords(hi: number, lo: number): BlockKey {
  const d = HEX_DIGITS;
  return String.fromCharCode(
    d[hi >>> 28]!, d[(hi >>> 24) & 15]!, d[(hi >>> 20) & 15]!, d[(hi >>> 16) & 15]!, d[(hi >>> 12) & 15]!, d[(hi >>> 8) & 15]!, d[(hi >>> 4) & 15]!, d[hi & 15]!,
    d[lo >>> 28]!, d[(lo >>> 24) & 15]!, d[(lo >>> 20) & 15]!, d[(lo >>> 16) & 15]!, d[(lo >>> 12) & 15]!, d[(lo >>> 8) & 15]!, d[(lo >>> 4) & 15]!, d[lo & 15]!,
  ) as BlockKey;
}

/** Eight hex digits of a canonical key from `offset` (0: the high word, 8: the low word), as an unsigned 32-bit number. */
export function blockKeyWord(key: string, offset: number): number {
  let word = 0;
  for (let i = offset; i < offset + 8; i++) {
    const c = key.charCodeAt(i);
    word = (word << 4) | (c <= 57 ? c - 48 : c - 87);
  }
  return word >>> 0;
}
