import { MinHeap } from '../bpe/min-heap';
import { type TokenLookup } from '../bpe/bpe.encoder';
import { utf8Bytes } from '../unicode/utf8';

interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly score: number;
  readonly length: number;
}

/**
 * SentencePiece BPE as llama.cpp runs it for `tokenizer.ggml.model = "llama"`: start from one
 * symbol per character and keep merging the adjacent pair whose joined text is the token of
 * highest score (leftmost on ties). Only pairs that form a token are merged, so every merged
 * symbol is a token; a character that is none becomes its UTF-8 bytes' `<0xNN>` tokens.
 */
export class SpmEncoder {
  constructor(
    private readonly lookup: TokenLookup,
    private readonly score: (token: number) => number,
    private readonly byteToken: (byte: number) => number,
  ) {}

  /** Tokens of `text`, whose spaces the caller has already replaced by U+2581. */
  encode(text: string, out: number[]): void {
    const symbols = Array.from(text);
    if (symbols.length === 0) return;
    const next = symbols.map((_, i) => (i + 1 < symbols.length ? i + 1 : -1));
    const prev = symbols.map((_, i) => i - 1);
    const queue = new MinHeap<Bigram>((a, b) => a.score > b.score || (a.score === b.score && a.left < b.left));
    const consider = (left: number, right: number): void => {
      if (left < 0 || right < 0) return;
      const joined = symbols[left]! + symbols[right]!;
      const token = this.lookup(joined);
      if (token !== undefined) queue.push({ left, right, score: this.score(token), length: joined.length });
    };
    for (let i = 1; i < symbols.length; i++) consider(i - 1, i);

    for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
      const left = symbols[bigram.left]!;
      const right = symbols[bigram.right]!;
      if (left === '' || right === '' || left.length + right.length !== bigram.length) continue;
      symbols[bigram.left] = left + right;
      symbols[bigram.right] = '';
      next[bigram.left] = next[bigram.right]!;
      if (next[bigram.right]! >= 0) prev[next[bigram.right]!] = bigram.left;
      consider(prev[bigram.left]!, bigram.left);
      consider(bigram.left, next[bigram.left]!);
    }

    for (let i = 0; i !== -1; i = next[i]!) {
      const symbol = symbols[i]!;
      const token = this.lookup(symbol);
      if (token !== undefined) out.push(token);
      else for (const b of utf8Bytes(symbol)) out.push(this.byteToken(b));
    }
  }
}
