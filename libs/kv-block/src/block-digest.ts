import { err, ok, type Result } from '@tsukimi/result';
import { blockKeyFromWords, blockKeyWord } from './block-key';
import { type IdParseError } from './hex64';

declare const blockDigestBrand: unique symbol;

/**
 * 128-bit identity of a block: a chain over the model, the tenant salt, every earlier block and
 * this block's tokens, independent of its 64-bit key. Two prompts whose keys collide still differ
 * here, so a reader that knows its tokens refuses a block that is some other prompt's. 32
 * lowercase hex digits: the first lane's 16, then the second's.
 */
export type BlockDigest = string & { readonly [blockDigestBrand]: true };

/** What a block written without an identity carries; no chain yields it except by a 2⁻¹²⁸ chance, so no reader that knows its tokens accepts it. */
export const UNBOUND_BLOCK_DIGEST = '0'.repeat(32) as BlockDigest;

const DIGEST_HEX = /^[0-9a-f]{32}$/;

/** The digest whose lanes' high and low words are these, in the order `BlockDigestHasher.digestWords` writes them. */
export function blockDigestFromWords(aHi: number, aLo: number, bHi: number, bLo: number): BlockDigest {
  return (blockKeyFromWords(aHi, aLo) + blockKeyFromWords(bHi, bLo)) as BlockDigest;
}

/** Word `index` (0–3: lane A high, lane A low, lane B high, lane B low) of a canonical digest. */
export function blockDigestWord(digest: BlockDigest, index: number): number {
  return blockKeyWord(digest, 8 * index);
}

/** The digest as the 16 bytes the block header holds: lane A as u64 LE, then lane B as u64 LE. */
export function blockDigestToBytes(digest: BlockDigest, into: DataView, offset: number): void {
  into.setUint32(offset, blockDigestWord(digest, 1), true);
  into.setUint32(offset + 4, blockDigestWord(digest, 0), true);
  into.setUint32(offset + 8, blockDigestWord(digest, 3), true);
  into.setUint32(offset + 12, blockDigestWord(digest, 2), true);
}

export function blockDigestFromBytes(from: DataView, offset: number): BlockDigest {
  return blockDigestFromWords(from.getUint32(offset + 4, true), from.getUint32(offset, true), from.getUint32(offset + 12, true), from.getUint32(offset + 8, true));
}

/** Accepts only the canonical spelling, as `parseBlockKey` does. */
export function parseBlockDigest(text: string): Result<BlockDigest, IdParseError> {
  if (DIGEST_HEX.test(text)) return ok(text as BlockDigest);
  const reason = text.length === 32 ? 'expected lowercase hex digits only' : `expected 32 hex digits, got ${text.length} characters`;
  return err({ kind: 'malformed-id', idType: 'BlockDigest', value: text.slice(0, 40), reason });
}
