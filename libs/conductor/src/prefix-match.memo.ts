import { type BlockKey, blockKeysFromWords } from '@tsukimi/kv-block';
import { type PrefixLookup, type PrefixMatch } from '@tsukimi/scheduler';

/**
 * The prefix index as one decision sees it: the first lookup of a prompt's keys is kept, and the
 * pipeline's own questions about the same keys (where the prefix could be loaded from, whether the
 * pool holds more than the chosen instance) read the scheduler's match instead of walking the
 * index again. Made afresh for every decision, so that nothing older than it is ever read.
 */
export class PrefixMatchMemo implements PrefixLookup {
  private keys: readonly BlockKey[] | undefined;
  private words: Uint32Array | undefined;
  private last: PrefixMatch | undefined;

  constructor(private readonly index: PrefixLookup) {}

  match(keys: readonly BlockKey[], words?: Uint32Array): PrefixMatch {
    if (this.last && (this.keys === keys || (words !== undefined && this.words === words))) return this.last;
    this.keys = keys;
    this.words = words;
    this.last = this.index.match(keys, words);
    return this.last;
  }

  /** Present so that the scheduler hands over the words alone; the index answers by words when it can, else by keys spelled from them. */
  matchWords(words: Uint32Array): PrefixMatch {
    if (this.last && this.words === words) return this.last;
    this.keys = undefined;
    this.words = words;
    this.last = this.index.matchWords?.(words) ?? this.index.match(blockKeysFromWords(words), words);
    return this.last;
  }
}
