import { getString, getStringArray, type GgufMetadata, type MetadataError } from '@tsukimi/gguf';
import { ok, type Result } from '@tsukimi/result';
import { preTokenizerNamed } from '../pre-tokenizer/pre-tokenizer.registry';
import { TOKENIZER_KEYS } from './gguf-vocabulary.reader';
import { readFlag, readSpecialTokenIds } from './special-tokens.reader';

/** What a chat template needs of the vocabulary: the BOS/EOS texts and whether BOS is added. */
export interface TemplateTokens {
  /** The BOS token's text (`<|begin_of_text|>`), or '' where there is none. */
  readonly bosText: string;
  readonly eosText: string;
  readonly addBos: boolean;
}

/** Reads only the keys a chat template needs, so that it works even where the tokenizer itself is unsupported. */
export function readTemplateTokens(meta: GgufMetadata): Result<TemplateTokens, MetadataError> {
  const model = getString(meta, TOKENIZER_KEYS.model);
  if (!model.ok) return model;
  const tokens = getStringArray(meta, TOKENIZER_KEYS.tokens);
  if (!tokens.ok) return tokens;
  const spm = model.value === 'llama';
  const ids = readSpecialTokenIds(meta, spm ? 'llama' : 'gpt2', tokens.value.length);
  if (!ids.ok) return ids;
  const pre = getString(meta, TOKENIZER_KEYS.pre);
  const addBos = readFlag(meta, TOKENIZER_KEYS.addBos, spm || (preTokenizerNamed(pre.ok ? pre.value : undefined)?.addBosByDefault ?? false));
  if (!addBos.ok) return addBos;
  const text = (id: number | undefined) => (id === undefined ? '' : (tokens.value[id] ?? ''));
  return ok({ bosText: text(ids.value.bos), eosText: text(ids.value.eos), addBos: addBos.value });
}
