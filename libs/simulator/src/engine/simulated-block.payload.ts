import { type BlockKey, blockKeyToU64 } from '@tsukimi/kv-block';

/**
 * A block's KV bytes for an engine that computes none: a xorshift32 stream seeded by the block's
 * key, so every instance derives the same bytes for the same key and the pool moves, checks and
 * stores real payloads of the model's real size.
 */
export function simulatedPayload(key: BlockKey, bytes: number): Uint8Array {
  const u64 = blockKeyToU64(key);
  let state = Number((u64 ^ (u64 >> 32n)) & 0xffff_ffffn) | 1;
  const words = new Uint32Array(Math.ceil(bytes / 4));
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return new Uint8Array(words.buffer, 0, bytes);
}
