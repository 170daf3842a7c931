import { ByteTokenizer, type Tokenizer } from '@tsukimi/engine';
import { getStringArray, type GgufMetadata } from '@tsukimi/gguf';
import { ggufTokenizer } from '@tsukimi/gguf-tokenizer';
import { gpt2ByteStrings, SPECIAL_TOKEN_TEXT } from '@tsukimi/llama-model';
import { err, ok, type Result } from '@tsukimi/result';

const BYTE_TOKENS = [...gpt2ByteStrings(), SPECIAL_TOKEN_TEXT.bos, SPECIAL_TOKEN_TEXT.eos, SPECIAL_TOKEN_TEXT.pad];

/**
 * The tokenizer a model's GGUF describes: the byte vocabulary of the generated tiny models (the
 * built-in `tsukimi-bytes-v1`, which every conductor knows), or the file's own vocabulary.
 */
export function modelTokenizer(metadata: GgufMetadata): Result<Tokenizer, string> {
  const tokens = getStringArray(metadata, 'tokenizer.ggml.tokens');
  const merges = getStringArray(metadata, 'tokenizer.ggml.merges');
  const isByteVocabulary = tokens.ok && tokens.value.length === BYTE_TOKENS.length && tokens.value.every((t, i) => t === BYTE_TOKENS[i]) && (!merges.ok || merges.value.length === 0);
  if (isByteVocabulary) return ok(new ByteTokenizer());
  const own = ggufTokenizer(metadata);
  return own.ok ? ok(own.value) : err(own.error.message);
}
