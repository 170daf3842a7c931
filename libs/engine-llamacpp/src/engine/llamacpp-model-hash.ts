import { createReadStream } from 'node:fs';
import { xxh3 } from '@node-rs/xxhash';
import { modelHashFromU64, type ModelHash } from '@tsukimi/kv-block';
import { type ValueLayout } from '../state/sequence-state.types';
import { type LlamaCppKvDtype } from './llamacpp-engine.options';

/** The engine name in `EngineInfo.engine` and in the model hash. */
export const LLAMACPP_ENGINE_NAME = 'llamacpp';

/** Everything besides the weights that changes the bytes of a llama.cpp block. */
export interface LlamaCppKvConfig {
  readonly kvDtype: LlamaCppKvDtype;
  readonly valueLayout: ValueLayout;
  readonly blockSizeTokens: number;
  /** llama.cpp's sequence state format version the blocks were cut from. */
  readonly stateVersion: number;
}

/** XXH3-64 (seed 0) of a file, streamed: the value `hashModelBytes` gives for its bytes, without holding a multi-gigabyte model in memory. */
export async function digestModelFile(path: string): Promise<bigint> {
  const hasher = xxh3.Xxh3.withSeed(0n);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hasher.update(chunk as Buffer);
  return hasher.digest();
}

/**
 * The model hash of llama.cpp blocks: the weights' digest with the engine name, KV dtype,
 * V layout (flash attention or not), block size and state format. Blocks of another model
 * or configuration then fail the block codec's model check on import instead of being
 * loaded into a context they do not fit.
 */
export function llamaCppModelHash(modelDigest: bigint, config: LlamaCppKvConfig): ModelHash {
  const identity = [
    'tsukimi-llamacpp-blocks-v1',
    LLAMACPP_ENGINE_NAME,
    modelDigest.toString(16).padStart(16, '0'),
    config.kvDtype,
    config.valueLayout,
    String(config.blockSizeTokens),
    String(config.stateVersion),
  ].join('\n');
  return modelHashFromU64(xxh3.xxh64(Buffer.from(identity, 'utf8'), 0n));
}

/**
 * A LoRA adapter's identity: its file's digest and the scale it is applied with, as 16 hex
 * digits. Two engines with the same base model compute the same KV under an adapter exactly
 * when these agree; the id seeds the adapter's block keys through `adapterModelKey`.
 */
export function llamaCppAdapterId(adapterDigest: bigint, scale: number): string {
  const identity = ['tsukimi-llamacpp-lora-v1', adapterDigest.toString(16).padStart(16, '0'), String(scale)].join('\n');
  return xxh3.xxh64(Buffer.from(identity, 'utf8'), 0n).toString(16).padStart(16, '0');
}
