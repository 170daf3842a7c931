import { BYTE_VOCAB, ByteTokenizer, type Tokenizer } from '@tsukimi/engine';
import { tokenPieces, type TokenPieces } from '@tsukimi/openai';

/** A tokenizer the conductor knows, and how its tokens are shown in logprobs. */
export interface KnownTokenizer {
  readonly tokenizer: Tokenizer;
  readonly pieces: TokenPieces;
}

const SPECIALS: Readonly<Record<number, string>> = { [BYTE_VOCAB.bos]: '<|bos|>', [BYTE_VOCAB.eos]: '<|eos|>', [BYTE_VOCAB.pad]: '<|pad|>' };

const known: Record<string, () => KnownTokenizer> = {
  'tsukimi-bytes-v1': () => ({
    tokenizer: new ByteTokenizer(),
    pieces: tokenPieces((token) => (token < 256 ? Uint8Array.of(token) : (SPECIALS[token] ?? `<|${token}|>`))),
  }),
};

/** The tokenizer instances report by id, if the conductor knows it. */
export function tokenizerById(id: string): KnownTokenizer | undefined {
  return known[id]?.();
}
