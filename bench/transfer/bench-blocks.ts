import { randomFillSync } from 'node:crypto';
import { blockKeyFromU64, encodeBlock, modelHashFromU64, payloadBytes, type BlockKey, type BlockLayout } from '@tsukimi/kv-block';
import { TINY_MODEL_DEFAULTS } from '@tsukimi/llama-model';
import { type BlockToWrite } from '@tsukimi/transfer';

/** A block of the tiny model (the project's default engine model) holding 16 tokens, as its engines cut prompts. */
export const TINY_BLOCK_LAYOUT: BlockLayout = {
  layers: TINY_MODEL_DEFAULTS.layers,
  kvHeads: TINY_MODEL_DEFAULTS.kvHeads,
  headDim: TINY_MODEL_DEFAULTS.dim / TINY_MODEL_DEFAULTS.heads,
  blockSizeTokens: 16,
  dtype: 'f32',
};

/** Blocks of one 8k-token prompt on the tiny model: 512 blocks of 16 tokens, read or written in one request. */
export const PROMPT_BLOCKS = 8192 / TINY_BLOCK_LAYOUT.blockSizeTokens;

export interface BlockSize {
  readonly label: string;
  readonly payloadBytes: number;
  readonly count: number;
  /** Keys per request; the plan's default (about 4 MiB) when absent. */
  readonly batchKeys?: number;
}

/** The block sizes the benchmark measures, by the label its JSON keys use. */
export const BLOCK_SIZES: readonly BlockSize[] = [
  // Eight 8k-token prompts, each one request of 512 small blocks (scatter-gather of one prompt).
  { label: 'prompt_512x16tok', payloadBytes: payloadBytes(TINY_BLOCK_LAYOUT), count: 8 * PROMPT_BLOCKS, batchKeys: PROMPT_BLOCKS },
  { label: '64kib', payloadBytes: 64 * 1024, count: 2048 },
  { label: '1mib', payloadBytes: 1024 * 1024, count: 128 },
  { label: '16mib', payloadBytes: 16 * 1024 * 1024, count: 8 },
];

export function benchKey(index: number): BlockKey {
  return blockKeyFromU64(0xb10c_0000_0000n + BigInt(index));
}

/**
 * `count` real encoded blocks (header + payload of `payloadBytes`, random content) with keys
 * benchKey(0…count-1). Every process of the benchmark builds the same shapes, so all
 * contenders move the same number of bytes.
 */
export function benchBlocks(payloadBytes: number, count: number): BlockToWrite[] {
  const layout = { layers: 1, kvHeads: 1, headDim: 128, blockSizeTokens: payloadBytes / 1024, dtype: 'f32' } as const;
  return Array.from({ length: count }, (_, index) => {
    const key = benchKey(index);
    const payload = randomFillSync(Buffer.allocUnsafe(payloadBytes));
    return { key, bytes: encodeBlock({ key, modelHash: modelHashFromU64(0xbe7cn), layout, payload }) };
  });
}
