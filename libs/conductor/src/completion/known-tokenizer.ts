import { BYTE_VOCAB, type Tokenizer } from '@tsukimi/engine';
import { BYTE_TOKENIZER_ID, type ModelLanguage } from '../model/model-language';
import { tokenPieces, type TokenPieces } from '@tsukimi/openai';

/** A model's language as the HTTP edge uses it: how prompts become tokens, and how tokens are shown in logprobs. */
export interface KnownTokenizer {
  readonly language: ModelLanguage;
  readonly tokenizer: Tokenizer;
  readonly pieces: TokenPieces;
}

const BYTE_SPECIALS: Readonly<Record<number, string>> = { [BYTE_VOCAB.bos]: '<|bos|>', [BYTE_VOCAB.eos]: '<|eos|>', [BYTE_VOCAB.pad]: '<|pad|>' };

/**
 * Logprob pieces of a model's tokens: the bytes a token stands for; a special token, which
 * stands for no bytes, by its name (the byte vocabulary's) or `<|id|>`.
 */
export function knownTokenizer(tokenizerId: string, language: ModelLanguage): KnownTokenizer {
  const { tokenizer } = language;
  const special = tokenizerId === BYTE_TOKENIZER_ID ? BYTE_SPECIALS : {};
  const pieces = tokenPieces((token) => {
    const bytes = tokenizer.tokenBytes(token);
    return bytes.length > 0 ? bytes : (special[token] ?? `<|${token}|>`);
  });
  return { language, tokenizer, pieces };
}
