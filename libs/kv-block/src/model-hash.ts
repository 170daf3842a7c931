import { xxh3 } from '@node-rs/xxhash';
import { type Result } from '@tsukimi/result';
import { formatHex64, hex64ToU64, parseHex64, type IdParseError } from './hex64';

declare const modelHashBrand: unique symbol;

/**
 * Identity of the exact model weights a block was computed with. Kept beside every block because
 * engines such as llama.cpp accept KV state from any model without complaint.
 */
export type ModelHash = string & { readonly [modelHashBrand]: true };

export function modelHashFromU64(value: bigint): ModelHash {
  return formatHex64(value, 'ModelHash') as ModelHash;
}

export function modelHashToU64(hash: ModelHash): bigint {
  return hex64ToU64(hash);
}

export function parseModelHash(text: string): Result<ModelHash, IdParseError> {
  return parseHex64(text, 'ModelHash') as Result<ModelHash, IdParseError>;
}

/** XXH3-64 of the model file's bytes with seed 0. */
export function hashModelBytes(bytes: Uint8Array): ModelHash {
  return modelHashFromU64(xxh3.xxh64(bytes, 0n));
}
