import { MinHeap } from '../bpe/min-heap';
import { type TokenLookup } from '../bpe/bpe.encoder';
import { utf8Bytes } from '../unicode/utf8';

interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly score: number;
  readonly length: number;
}

/** Bounds on remembered segment encodings (cleared when full): a few MiB at most. */
const SEGMENT_CACHE_ENTRIES = 1 << 16;
const CACHED_SEGMENT_LENGTH = 64;

/**
 * SentencePiece BPE as llama.cpp runs it for `tokenizer.ggml.model = "llama"`: start from one
 * symbol per character and keep merging the adjacent pair whose joined text is the token of
 * highest score (leftmost on ties). Only pairs that form a token are merged, so every merged
 * symbol is a token; a character that is none becomes its UTF-8 bytes' `<0xNN>` tokens.
 *
 * llama.cpp merges over a whole text at once. A merge across two adjacent characters makes a
 * token holding both, so where no token holds a pair of characters no merge ever crosses it:
 * cutting the text there and merging each segment alone gives the same tokens, far faster,
 * and repeated segments (words, mostly) are remembered.
 */
export class SpmEncoder {
  private readonly segments = new Map<string, readonly number[]>();

  constructor(
    private readonly lookup: TokenLookup,
    private readonly score: (token: number) => number,
    private readonly byteToken: (byte: number) => number,
    /** Every pair of adjacent characters inside some token, as the two-character string. */
    private readonly joinable: ReadonlySet<string>,
  ) {}

  /** The pairs of adjacent characters that some token of `tokens` holds. */
  static joinablePairs(tokens: readonly string[]): Set<string> {
    const pairs = new Set<string>();
    for (const token of tokens) {
      let previous: string | undefined;
      for (const ch of token) {
        if (previous !== undefined) pairs.add(previous + ch);
        previous = ch;
      }
    }
    return pairs;
  }

  /** Tokens of `text`, whose spaces the caller has already replaced by U+2581. */
  encode(text: string, out: number[]): void {
    const chars = Array.from(text);
    let start = 0;
    for (let i = 1; i <= chars.length; i++) {
      if (i < chars.length && this.joinable.has(chars[i - 1]! + chars[i]!)) continue;
      this.encodeSegment(chars.slice(start, i), out);
      start = i;
    }
  }

  private encodeSegment(chars: string[], out: number[]): void {
    const key = chars.join('');
    let tokens = this.segments.get(key);
    if (tokens === undefined) {
      const fresh: number[] = [];
      this.merge(chars, fresh);
      tokens = fresh;
      if (key.length <= CACHED_SEGMENT_LENGTH) {
        if (this.segments.size >= SEGMENT_CACHE_ENTRIES) this.segments.clear();
        this.segments.set(key, fresh);
      }
    }
    for (const token of tokens) out.push(token);
  }

  private merge(symbols: string[], out: number[]): void {
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
