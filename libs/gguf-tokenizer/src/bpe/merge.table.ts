import { type TokenLookup } from './bpe.encoder';

/** Left positions fit below this, so (rank, position) packs exactly into one double. */
const MAX_WORD = 1 << 21;

/**
 * The merges of a vocabulary in which every merge joins two tokens into a token, keyed by
 * token ids: BPE then needs no string building or text lookups. Merging the pair of lowest
 * (rank, position) gives llama.cpp's order; a popped pair is current exactly when its symbols
 * still form a pair of that rank (each rank is one pair, and symbols only grow).
 */
export class MergeTable {
  private readonly charIds = new Map<string, number>();

  private constructor(
    private readonly lookup: TokenLookup,
    private readonly vocabSize: number,
    /** Rank by pair key `left * vocabSize + right`. */
    private readonly pairs: ReadonlyMap<number, number>,
    /** The joined token by rank. */
    private readonly results: readonly number[],
  ) {}

  /**
   * The table of `tokenizer.ggml.merges` (split as llama.cpp splits them, the first listing of
   * a pair keeping its rank), or undefined where some merge names or makes a text that is no token.
   */
  static build(lookup: TokenLookup, merges: readonly string[], vocabSize: number): MergeTable | undefined {
    const pairs = new Map<number, number>();
    const results: number[] = [];
    for (let rank = 0; rank < merges.length; rank++) {
      const merge = merges[rank]!;
      const space = merge.indexOf(' ', 1);
      if (space < 0) return undefined;
      const l = lookup(merge.slice(0, space));
      const r = lookup(merge.slice(space + 1));
      const joined = lookup(merge.slice(0, space) + merge.slice(space + 1));
      if (l === undefined || r === undefined || joined === undefined) return undefined;
      const key = l * vocabSize + r;
      if (pairs.has(key)) continue;
      pairs.set(key, rank);
      results[rank] = joined;
    }
    return new MergeTable(lookup, vocabSize, pairs, results);
  }

  /** Appends the tokens of `word` and returns true, or returns false (appending nothing) where a character is no token. */
  encode(word: string, out: number[]): boolean {
    const n = word.length;
    if (n >= MAX_WORD) return false;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ch = word[i]!;
      let id = this.charIds.get(ch);
      if (id === undefined) {
        id = this.lookup(ch);
        if (id === undefined) return false;
        this.charIds.set(ch, id);
      }
      ids[i] = id;
    }
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap: number[] = [];
    const rankOf = (left: number): number => {
      const right = next[left]!;
      return right < 0 ? -1 : (this.pairs.get(ids[left]! * this.vocabSize + ids[right]!) ?? -1);
    };
    const consider = (left: number): void => {
      if (left < 0) return;
      const rank = rankOf(left);
      if (rank >= 0) heapPush(heap, rank * MAX_WORD + left);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);

    while (heap.length > 0) {
      const top = heapPop(heap);
      const rank = Math.floor(top / MAX_WORD);
      const left = top - rank * MAX_WORD;
      if (ids[left]! < 0 || rankOf(left) !== rank) continue;
      const right = next[left]!;
      ids[left] = this.results[rank]!;
      ids[right] = -1;
      next[left] = next[right]!;
      if (next[right]! >= 0) prev[next[right]!] = left;
      consider(prev[left]!);
      consider(left);
    }
    for (let i = 0; i < n; i++) if (ids[i]! >= 0) out.push(ids[i]!);
    return true;
  }
}

function heapPush(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const child = left + 1 < size && heap[left + 1]! < heap[left]! ? left + 1 : left;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}
