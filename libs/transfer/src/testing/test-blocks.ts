import { blockKeyFromU64, encodeBlock, modelHashFromU64, UNBOUND_BLOCK_DIGEST, type BlockExpectation, type BlockKey } from '@tsukimi/kv-block';
import { type BlockToWrite } from '../transport.port';

const GOLDEN = 0x9e37_79b9_7f4a_7c15n;
const MASK64 = (1n << 64n) - 1n;

/** A distinct, stable key per seed. */
export function testKey(seed: number): BlockKey {
  return blockKeyFromU64((BigInt(seed) * GOLDEN + 1n) & MASK64);
}

/**
 * A real encoded block (header + payload) of `payloadBytes` (a multiple of 1024) whose payload is
 * seeded pseudo-random, so a test can tell blocks apart and check every byte.
 */
export function testBlock(seed: number, payloadBytes: number): BlockToWrite {
  if (payloadBytes < 1024 || payloadBytes % 1024 !== 0) throw new RangeError(`payloadBytes must be a positive multiple of 1024, got ${payloadBytes}`);
  const payload = new Uint8Array(payloadBytes);
  const words = new Uint32Array(payload.buffer);
  let state = (seed * 2_654_435_761 + 1) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  const { key, modelHash, layout, digest } = testBlockExpectation(seed, payloadBytes);
  return { key, bytes: encodeBlock({ key, modelHash, layout, payload, digest }) };
}

/** What a receiver expects of `testBlock(seed, payloadBytes)`, for `decodeBlock`. */
export function testBlockExpectation(seed: number, payloadBytes: number): Required<BlockExpectation> {
  // f32, 1 layer, 1 head of 128: 1 KiB per token (K and V), so blockSizeTokens sets the size.
  const layout = { layers: 1, kvHeads: 1, headDim: 128, blockSizeTokens: payloadBytes / 1024, dtype: 'f32' } as const;
  return { key: testKey(seed), modelHash: modelHashFromU64(0x7e57n), layout, digest: UNBOUND_BLOCK_DIGEST };
}
