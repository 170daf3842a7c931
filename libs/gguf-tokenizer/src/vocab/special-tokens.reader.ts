import { getBool, getInteger, type GgufMetadata, type MetadataError } from '@tsukimi/gguf';
import { ok, type Result } from '@tsukimi/result';
import { type SpecialTokenIds, type TokenizerModel } from './vocabulary';

const ID_KEYS: Readonly<Record<keyof SpecialTokenIds, string>> = {
  bos: 'tokenizer.ggml.bos_token_id',
  eos: 'tokenizer.ggml.eos_token_id',
  eot: 'tokenizer.ggml.eot_token_id',
  eom: 'tokenizer.ggml.eom_token_id',
  unk: 'tokenizer.ggml.unknown_token_id',
  sep: 'tokenizer.ggml.seperator_token_id',
  pad: 'tokenizer.ggml.padding_token_id',
};

/** llama.cpp's per-model defaults, used when a key is absent or names no token. */
const DEFAULT_IDS: Readonly<Record<TokenizerModel, Partial<SpecialTokenIds>>> = {
  llama: { bos: 1, eos: 2, unk: 0 },
  gpt2: { bos: 11, eos: 11 },
};

export const SPECIAL_TOKEN_KEYS = ID_KEYS;

export function readSpecialTokenIds(meta: GgufMetadata, model: TokenizerModel, tokenCount: number): Result<SpecialTokenIds, MetadataError> {
  const ids: Partial<Record<keyof SpecialTokenIds, number | undefined>> = {};
  for (const [name, key] of Object.entries(ID_KEYS) as [keyof SpecialTokenIds, string][]) {
    const fallback = DEFAULT_IDS[model][name];
    let id = fallback !== undefined && fallback < tokenCount ? fallback : undefined;
    if (meta.has(key)) {
      const value = getInteger(meta, key);
      if (!value.ok) return value;
      if (value.value >= 0 && value.value < tokenCount) id = value.value;
    }
    ids[name] = id;
  }
  return ok(ids as SpecialTokenIds);
}

/** An optional boolean key: its value, `fallback` when absent, an error when of another type. */
export function readFlag(meta: GgufMetadata, key: string, fallback: boolean): Result<boolean, MetadataError> {
  return meta.has(key) ? getBool(meta, key) : ok(fallback);
}
