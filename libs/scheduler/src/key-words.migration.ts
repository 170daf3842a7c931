import { type BlockKey, blockKeysFromWords } from '@tsukimi/kv-block';
import { type PrefixLocation } from './index/prefix-location.model';
import { type Migration } from './schedule.model';

/**
 * A migration of the prompt's blocks `first` up to `end`, its keys spelled from the prompt's key
 * words on first read: a conductor reads only where the blocks come from, and spelling a few
 * hundred keys per decision for nobody cost more than the decision's prefix lookup.
 */
export class KeyWordsMigration implements Migration {
  private spelled: readonly BlockKey[] | undefined;

  constructor(
    private readonly words: Uint32Array,
    private readonly first: number,
    private readonly end: number,
    readonly from: PrefixLocation,
  ) {}

  get keys(): readonly BlockKey[] {
    this.spelled ??= blockKeysFromWords(this.words, this.first, this.end);
    return this.spelled;
  }

  /** A getter is not an own property: written out, the migration still shows its keys. */
  toJSON(): { readonly keys: readonly BlockKey[]; readonly from: PrefixLocation } {
    return { keys: this.keys, from: this.from };
  }
}
