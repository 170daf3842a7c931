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
