import { type BlockKey } from '@tsukimi/kv-block';
import { type PrefixLookup, type PrefixMatch } from '@tsukimi/scheduler';

/**
 * The prefix index as one decision sees it: the first lookup of a prompt's keys is kept, and the
 * pipeline's own questions about the same keys (where the prefix could be loaded from, whether the
 * pool holds more than the chosen instance) read the scheduler's match instead of walking the
 * index again. Made afresh for every decision, so that nothing older than it is ever read.
 */
export class PrefixMatchMemo implements PrefixLookup {
  private keys: readonly BlockKey[] | undefined;
  private last: PrefixMatch | undefined;

  constructor(private readonly index: PrefixLookup) {}

  match(keys: readonly BlockKey[], words?: Uint32Array): PrefixMatch {
    if (this.last && this.keys === keys) return this.last;
    this.keys = keys;
    this.last = this.index.match(keys, words);
    return this.last;
  }
}
