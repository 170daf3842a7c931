import { type BlockKey, blockKeyFromU64, encodeBlock, modelHashFromU64 } from '@tsukimi/kv-block';

/** A distinct 64-bit key per `n` within a run; `salt` keeps runs and phases apart. */
export function benchKey(n: number, salt: number): BlockKey {
  return blockKeyFromU64(((BigInt(n) + (BigInt(salt) << 40n)) * 0x9e3779b97f4a7c15n) & 0xffff_ffff_ffff_ffffn);
}

/**
 * An encoded block of `payloadBytes` (a multiple of 256) whose payload follows from its key: one
 * byte pattern per block, filled without a per-byte callback, so a gigabyte is made in seconds.
 */
export function benchBlock(key: BlockKey, n: number, payloadBytes: number): Uint8Array {
  const payload = Buffer.allocUnsafe(payloadBytes);
  payload.fill(n % 251);
  payload.writeUInt32LE(n >>> 0, 0);
  return encodeBlock({
    key,
    modelHash: modelHashFromU64(0xb10cn),
    layout: { layers: 1, kvHeads: 2, headDim: 16, blockSizeTokens: payloadBytes / 256, dtype: 'f32' },
    payload,
  });
}
