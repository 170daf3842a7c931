import { createHash } from 'node:crypto';
import { type Vocabulary } from './vocab/vocabulary';

const CHUNK = 4096;

/**
 * A stable id over everything that decides which tokens a text becomes and what they mean:
 * the tokenizer model and pre-tokenizer, every token's text, attributes and score, the merges,
 * the space-prefix rule and the special ids. Two GGUFs tokenize alike iff their ids match, so
 * the id can scope KV block keys.
 */
export function vocabularyId(vocab: Vocabulary): string {
  const hash = createHash('sha256');
  const field = (value: string) => hash.update(value).update('\u0000');
  field(`model=${vocab.model}`);
  field(`pre=${vocab.preTokenizer?.family ?? ''}`);
  field(`space-prefix=${vocab.addSpacePrefix}`);
  field(`special=${JSON.stringify(vocab.special)}`);
  field(`tokens=${vocab.tokens.length}`);
  // Hashing in chunks: one update per token costs more than the hashing itself.
  const chunks = (count: number, item: (i: number) => string) => {
    for (let start = 0; start < count; start += CHUNK) {
      const parts: string[] = [];
      for (let i = start; i < Math.min(count, start + CHUNK); i++) parts.push(item(i));
      field(parts.join('\u0000'));
    }
  };
  chunks(vocab.tokens.length, (id) => `${vocab.tokens[id]}\u0001${vocab.attrs[id]}\u0001${vocab.scores[id]}`);
  field(`merges=${vocab.merges.length}`);
  chunks(vocab.merges.length, (i) => vocab.merges[i]!);
  const family = vocab.preTokenizer ? `-${vocab.preTokenizer.family}` : '';
  return `gguf-${vocab.model}${family}-${hash.digest('hex').slice(0, 16)}`;
}
