import { randomFillSync } from 'node:crypto';
import { blockKeyFromU64, encodeBlock, modelHashFromU64, type BlockKey } from '@tsukimi/kv-block';

/** The block sizes the benchmark measures, by the label its JSON keys use. */
export const BLOCK_SIZES = [
  { label: '64kib', payloadBytes: 64 * 1024, count: 2048 },
  { label: '1mib', payloadBytes: 1024 * 1024, count: 128 },
  { label: '16mib', payloadBytes: 16 * 1024 * 1024, count: 8 },
] as const;

export interface BenchBlock {
  readonly key: BlockKey;
  readonly bytes: Uint8Array;
}

export function benchKey(index: number): BlockKey {
  return blockKeyFromU64(0xb10c_0000_0000n + BigInt(index));
}

/**
 * `count` real encoded blocks (header + payload of `payloadBytes`, random content) with keys
 * benchKey(0…count-1). Every process of the benchmark builds the same shapes, so all three
 * contenders move the same number of bytes.
 */
export function benchBlocks(payloadBytes: number, count: number): BenchBlock[] {
  const layout = { layers: 1, kvHeads: 1, headDim: 128, blockSizeTokens: payloadBytes / 1024, dtype: 'f32' } as const;
  return Array.from({ length: count }, (_, index) => {
    const key = benchKey(index);
    const payload = randomFillSync(Buffer.allocUnsafe(payloadBytes));
    return { key, bytes: encodeBlock({ key, modelHash: modelHashFromU64(0xbe7cn), layout, payload }) };
  });
}
