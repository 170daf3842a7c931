import { blockKeyFromWords, type BlockKey } from './block-key';

/** Keys of blocks `from` up to (not including) `to` spelled from their words (`BlockKeyHasher.keyWords` layout). */
export function blockKeysFromWords(words: Uint32Array, from = 0, to = words.length >>> 1): BlockKey[] {
  const keys = new Array<BlockKey>(Math.max(0, to - from));
  for (let block = from; block < to; block++) keys[block - from] = blockKeyFromWords(words[2 * block]!, words[2 * block + 1]!);
  return keys;
}

/**
 * A prompt's chained block keys from one hashing, held as the numbers the hash produced: block
 * `i`'s key is `words[2i]` (its high 32 bits) then `words[2i + 1]`. The hex text of the keys is
 * spelled only when asked for, since lookups read the words and only keys that leave the
 * process (sent to an instance, put in an event) need their text; spelling 512 keys costs more
 * than hashing the 8k tokens they come from.
 */
export class BlockKeySequence {
  private spelled: BlockKey[] | undefined;

  constructor(readonly words: Uint32Array) {}

  /** Blocks in the sequence. */
  get length(): number {
    return this.words.length >>> 1;
  }

  /** Every key as text: spelled on the first read, the same array after. */
  get keys(): BlockKey[] {
    this.spelled ??= blockKeysFromWords(this.words);
    return this.spelled;
  }

  /** Keys of blocks `from` up to `to`, as `keys.slice(from, to)` gives them, spelling only those unless all are spelled already. */
  slice(from: number, to: number): BlockKey[] {
    return this.spelled?.slice(from, to) ?? blockKeysFromWords(this.words, from, Math.min(to, this.length));
  }
}
