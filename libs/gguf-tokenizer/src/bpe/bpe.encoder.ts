import { utf8Bytes } from '../unicode/utf8';
import { MinHeap } from './min-heap';
import { MergeTable } from './merge.table';

/** Looks a token up by its exact text. */
export type TokenLookup = (text: string) => number | undefined;

interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly rank: number;
  readonly text: string;
}

const mergeKey = (left: string, right: string): string => `${left} ${right}`;

/**
 * Merge ranks from `tokenizer.ggml.merges` ("left right", split at the first space after the
 * first character, as llama.cpp does; the first listing of a pair wins).
 */
export function mergeRanks(merges: readonly string[]): Map<string, number> {
  const ranks = new Map<string, number>();
  merges.forEach((merge, rank) => {
    const space = merge.indexOf(' ', 1);
    const key = space < 0 ? mergeKey('', '') : mergeKey(merge.slice(0, space), merge.slice(space + 1));
    if (!ranks.has(key)) ranks.set(key, rank);
  });
  return ranks;
}

/**
 * Byte-level BPE over one pre-tokenized word: repeatedly merge the adjacent pair of lowest
 * rank (leftmost on ties), then map each symbol to its token. A symbol with no token falls
 * back to its single-byte ASCII tokens, and other bytes are dropped, exactly as llama.cpp does.
 * Where every merge joins two tokens into a token (true of real vocabularies), the work runs
 * on token ids (`MergeTable`); otherwise on texts, as llama.cpp itself does.
 */
export class BpeEncoder {
  private readonly table: MergeTable | undefined;
  /** Built only for vocabularies the table cannot hold. */
  private readonly ranks: ReadonlyMap<string, number>;

  constructor(
    private readonly lookup: TokenLookup,
    merges: readonly string[],
    private readonly ignoreMerges: boolean,
    vocabSize: number,
  ) {
    this.table = MergeTable.build(lookup, merges, vocabSize);
    this.ranks = this.table ? new Map() : mergeRanks(merges);
  }

  encodeWord(word: string, out: number[]): void {
    if (this.ignoreMerges) {
      const whole = this.lookup(word);
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
    }
    if (this.table?.encode(word, out)) return;
    this.encodeByText(word, out);
  }

  private encodeByText(word: string, out: number[]): void {
    const text = Array.from(word);
    const next = text.map((_, i) => (i + 1 < text.length ? i + 1 : -1));
    const prev = text.map((_, i) => i - 1);
    const queue = new MinHeap<Bigram>((a, b) => a.rank < b.rank || (a.rank === b.rank && a.left < b.left));
    const consider = (left: number, right: number): void => {
      if (left < 0 || right < 0) return;
      const rank = this.ranks.get(mergeKey(text[left]!, text[right]!));
      if (rank !== undefined) queue.push({ left, right, rank, text: text[left]! + text[right]! });
    };
    for (let i = 1; i < text.length; i++) consider(i - 1, i);

    for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
      const { left, right } = bigram;
      if (text[left] === '' || text[right] === '' || text[left]! + text[right]! !== bigram.text) continue;
      text[left] = bigram.text;
      text[right] = '';
      next[left] = next[right]!;
      if (next[right]! >= 0) prev[next[right]!] = left;
      consider(prev[left]!, left);
      consider(left, next[left]!);
    }

    for (const symbol of text) {
      if (symbol === '') continue;
      const id = this.lookup(symbol);
      if (id !== undefined) {
        out.push(id);
        continue;
      }
      for (const b of utf8Bytes(symbol)) {
        const single = b < 0x80 ? this.lookup(String.fromCharCode(b)) : undefined;
        if (single !== undefined) out.push(single);
      }
    }
  }
}
