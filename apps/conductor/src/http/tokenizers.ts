import { ByteTokenizer, type Tokenizer } from '@tsukimi/engine';

const known: Record<string, () => Tokenizer> = { 'tsukimi-bytes-v1': () => new ByteTokenizer() };

/** The tokenizer instances report by id, if the conductor knows it. */
export function tokenizerById(id: string): Tokenizer | undefined {
  return known[id]?.();
}
