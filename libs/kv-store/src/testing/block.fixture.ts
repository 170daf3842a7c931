import { blockKeyFromU64, encodeBlock, headerBytes, modelHashFromU64, type BlockKey, type BlockLayout } from '@tsukimi/kv-block';

/** The key numbered `n`, for tests that need distinct, readable keys. */
export function keyOf(n: number): BlockKey {
  return blockKeyFromU64(BigInt(n));
}

/** A sound encoded block for `key`: a header plus `16 × blockSizeTokens` payload bytes. */
export function encodedBlock(key: BlockKey, blockSizeTokens = 2): Uint8Array {
  const layout: BlockLayout = { layers: 1, kvHeads: 1, headDim: 4, blockSizeTokens, dtype: 'f16' };
  const payload = Uint8Array.from({ length: 16 * blockSizeTokens }, (_, i) => (i * 13 + key.charCodeAt(15)) & 0xff);
  return encodeBlock({ key, modelHash: modelHashFromU64(0xabcdefn), layout, payload });
}

/** Size in bytes of `encodedBlock(key, blockSizeTokens)`. */
export function encodedSize(blockSizeTokens = 2): number {
  return headerBytes + 16 * blockSizeTokens;
}
