import { getArray, getString, getStringArray, type GgufMetadata, GgufType } from '@tsukimi/gguf';
import { err, ok, type Result } from '@tsukimi/result';
import { type GgufTokenizerError } from '../gguf-tokenizer.errors';
import { preTokenizerNamed, supportedPreTokenizers } from '../pre-tokenizer/pre-tokenizer.registry';
import { applyByNameOverrides, specialCandidates } from './attribute-overrides';
import { readFlag, readSpecialTokenIds } from './special-tokens.reader';
import { attrFromTokenType } from './token-attributes';
import { SUPPORTED_TOKENIZER_MODELS, type TokenizerModel, type Vocabulary } from './vocabulary';

export const TOKENIZER_KEYS = {
  model: 'tokenizer.ggml.model',
  pre: 'tokenizer.ggml.pre',
  tokens: 'tokenizer.ggml.tokens',
  tokenType: 'tokenizer.ggml.token_type',
  scores: 'tokenizer.ggml.scores',
  merges: 'tokenizer.ggml.merges',
  addBos: 'tokenizer.ggml.add_bos_token',
  addEos: 'tokenizer.ggml.add_eos_token',
  addSpacePrefix: 'tokenizer.ggml.add_space_prefix',
} as const;

/** The vocabulary of a GGUF's `tokenizer.ggml.*` metadata, read as llama.cpp reads it. */
export function readVocabulary(meta: GgufMetadata): Result<Vocabulary, GgufTokenizerError> {
  const modelName = getString(meta, TOKENIZER_KEYS.model);
  if (!modelName.ok) return modelName;
  const model = modelName.value as TokenizerModel;
  if (!SUPPORTED_TOKENIZER_MODELS.includes(model)) {
    const message = `tokenizer model '${modelName.value}' is not supported (supported: ${SUPPORTED_TOKENIZER_MODELS.join(', ')})`;
    return err({ kind: 'unsupported-tokenizer-model', model: modelName.value, supported: SUPPORTED_TOKENIZER_MODELS, message });
  }

  const preName = meta.has(TOKENIZER_KEYS.pre) ? getString(meta, TOKENIZER_KEYS.pre) : ok(undefined);
  if (!preName.ok) return preName;
  const preTokenizer = model === 'gpt2' ? preTokenizerNamed(preName.value) : undefined;
  if (model === 'gpt2' && !preTokenizer) {
    const supported = supportedPreTokenizers();
    const message = `pre-tokenizer '${preName.value}' is not supported (supported: ${supported.join(', ')})`;
    return err({ kind: 'unsupported-pre-tokenizer', pre: preName.value ?? '', supported, message });
  }

  const rawTokens = getStringArray(meta, TOKENIZER_KEYS.tokens);
  if (!rawTokens.ok) return rawTokens;
  const tokens = rawTokens.value.map((text, id) => (text === '' ? `[EMPTY_${id}]` : text));
  const count = tokens.length;

  const types = optionalNumbers(meta, TOKENIZER_KEYS.tokenType, count, [GgufType.INT32]);
  if (!types.ok) return types;
  const scoreList = optionalNumbers(meta, TOKENIZER_KEYS.scores, count, [GgufType.FLOAT32, GgufType.INT32]);
  if (!scoreList.ok) return scoreList;
  const merges = model === 'gpt2' ? getStringArray(meta, TOKENIZER_KEYS.merges) : ok([]);
  if (!merges.ok) return merges;

  const special = readSpecialTokenIds(meta, model, count);
  if (!special.ok) return special;
  const addBos = readFlag(meta, TOKENIZER_KEYS.addBos, model === 'llama' || (preTokenizer?.addBosByDefault ?? false));
  if (!addBos.ok) return addBos;
  const addEos = readFlag(meta, TOKENIZER_KEYS.addEos, false);
  if (!addEos.ok) return addEos;
  const addSpacePrefix = readFlag(meta, TOKENIZER_KEYS.addSpacePrefix, model === 'llama');
  if (!addSpacePrefix.ok) return addSpacePrefix;

  const ids = new Map<string, number>();
  tokens.forEach((text, id) => ids.set(text, id));
  const attrs = Uint16Array.from(tokens, (_, id) => attrFromTokenType(types.value?.[id]));
  const endOfGeneration = applyByNameOverrides(meta, tokens, ids, attrs, special.value);
  return ok({
    model,
    pre: preName.value,
    preTokenizer,
    tokens,
    attrs,
    scores: Float64Array.from(tokens, (_, id) => scoreList.value?.[id] ?? 0),
    merges: merges.value,
    ids,
    special: special.value,
    addBos: addBos.value,
    addEos: addEos.value,
    addSpacePrefix: addSpacePrefix.value,
    endOfGeneration,
    specialCandidates: specialCandidates(meta, tokens, ids, attrs),
  });
}

/** An optional per-token number array of one of `itemTypes`, at least as long as the vocabulary. */
function optionalNumbers(meta: GgufMetadata, key: string, count: number, itemTypes: readonly number[]): Result<readonly number[] | undefined, GgufTokenizerError> {
  if (!meta.has(key)) return ok(undefined);
  const array = getArray(meta, key);
  if (!array.ok) return array;
  if (!itemTypes.includes(array.value.itemType)) {
    return err({ kind: 'invalid-vocabulary', key, message: `metadata key '${key}' holds the wrong item type` });
  }
  const items = array.value.items as readonly number[];
  if (items.length < count) {
    return err({ kind: 'invalid-vocabulary', key, message: `metadata key '${key}' has ${items.length} entries for ${count} tokens` });
  }
  return ok(items);
}
