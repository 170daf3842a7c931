import { type BlockKey, blockKeyWord } from '@tsukimi/kv-block';
import { instanceId } from '../instance.model';
import { BlockKeyIds } from './block-key.ids';
import { type PrefixLocation } from './prefix-location.model';

type Tier = PrefixLocation['tier'];

/**
 * Which locations hold which blocks, as one bitset of locations per block, so that one pass over
 * a request's keys finds the prefix length at every location at once: each key is looked up
 * once, and each step intersects a few words however many instances and nodes hold the block.
 * Locations get small ordinals that index the bitsets and the result.
 */
export class PrefixHolderTable {
  private readonly ids = new BlockKeyIds();
  /**
   * `wordsPerBlock` words per block id: bit `ordinal` set when that location holds the block.
   * Signed, so that a word with its top bit set stays a small integer in the walk, not a double.
   */
  private holders = new Int32Array(0);
  private wordsPerBlock = 1;
  private readonly locations: PrefixLocation[] = [];
  /** Per ordinal, in insertion order: the oldest first, which is what a bounded device tier evicts. */
  private readonly keysAt: Set<BlockKey>[] = [];
  private readonly ordinals: Record<Tier, Map<string, number>> = { device: new Map(), dram: new Map(), ssd: new Map() };

  /** Ordinals handed out so far; a result array of this length covers every location. */
  get locationCount(): number {
    return this.locations.length;
  }

  /** Distinct blocks held anywhere. */
  get blockCount(): number {
    return this.ids.size;
  }

  location(ordinal: number): PrefixLocation {
    return this.locations[ordinal]!;
  }

  find(tier: Tier, id: string): number | undefined {
    return this.ordinals[tier].get(id);
  }

  /** The location's ordinal, assigned on first sight and kept for good, so results stay comparable. */
  ordinal(tier: Tier, id: string): number {
    const known = this.ordinals[tier].get(id);
    if (known !== undefined) return known;
    const ordinal = this.locations.length;
    this.locations.push(tier === 'device' ? { tier, instance: instanceId(id) } : { tier, node: id });
    this.keysAt.push(new Set());
    this.ordinals[tier].set(id, ordinal);
    if (this.locations.length > this.wordsPerBlock * 32) this.relayout(this.ids.idLimit, this.wordsPerBlock + 1);
    return ordinal;
  }

  /** Records that the location holds `key`, making it the location's most recent. */
  add(ordinal: number, key: BlockKey): void {
    const keys = this.keysAt[ordinal]!;
    if (keys.delete(key)) {
      keys.add(key);
      return;
    }
    keys.add(key);
    const id = this.ids.add(key);
    if ((id + 1) * this.wordsPerBlock > this.holders.length) this.relayout(Math.max(1024, (id + 1) * 2), this.wordsPerBlock);
    this.holders[id * this.wordsPerBlock + (ordinal >>> 5)]! |= 1 << (ordinal & 31);
  }

  remove(ordinal: number, key: BlockKey): void {
    if (!this.keysAt[ordinal]!.delete(key)) return;
    const base = this.ids.idOf(key) * this.wordsPerBlock;
    this.holders[base + (ordinal >>> 5)]! &= ~(1 << (ordinal & 31));
    for (let w = 0; w < this.wordsPerBlock; w++) if (this.holders[base + w] !== 0) return;
    this.ids.delete(key);
  }

  clear(ordinal: number): void {
    for (const key of [...this.keysAt[ordinal]!]) this.remove(ordinal, key);
  }

  heldBlocks(ordinal: number): number {
    return this.keysAt[ordinal]!.size;
  }

  /** Drops the location's oldest blocks until at most `capacity` remain. */
  trim(ordinal: number, capacity: number): void {
    const keys = this.keysAt[ordinal]!;
    for (const oldest of keys) {
      if (keys.size <= capacity) return;
      this.remove(ordinal, oldest);
    }
  }

  /** `prefixLengthsOfWords` of `keys`; `words`, when given, are the keys as numbers, which saves parsing each key's hex. */
  prefixLengths(keys: readonly BlockKey[], keyWords?: Uint32Array): number[] {
    if (keyWords !== undefined && keyWords.length === 2 * keys.length) return this.prefixLengthsOfWords(keyWords);
    const parsed = new Uint32Array(2 * keys.length);
    for (let i = 0; i < keys.length; i++) {
      parsed[2 * i] = blockKeyWord(keys[i]!, 0);
      parsed[2 * i + 1] = blockKeyWord(keys[i]!, 8);
    }
    return this.prefixLengthsOfWords(parsed);
  }

  /**
   * Leading blocks held at each location, indexed by ordinal, of the keys whose high and low 32
   * bits are `keyWords[2i]` and `keyWords[2i + 1]`: a location drops out at the first key it
   * lacks, and the walk stops once every location has. A plain array of small integers, which
   * lives in the heap's young space: an `Int32Array` of this length would get a store of its own
   * off the heap, which costs more to allocate than the walk of a short prefix.
   */
  prefixLengthsOfWords(keyWords: Uint32Array): number[] {
    const lengths = new Array<number>(this.locations.length).fill(0);
    return this.wordsPerBlock <= 4 ? this.walkFewWords(keyWords, lengths) : this.walkManyWords(keyWords, lengths);
  }

  /**
   * The walk for up to 128 locations, the bitset's words held in locals: a third faster than
   * `walkManyWords` on the bench's 80 (no array of live words read and written per key).
   * Words past `wordsPerBlock` start at 0 and are never read.
   */
  private walkFewWords(keyWords: Uint32Array, lengths: number[]): number[] {
    const count = keyWords.length >>> 1;
    const ids = this.ids;
    const holders = this.holders;
    const words = this.wordsPerBlock;
    // Every location is alive before the first key; those that lack it drop out at length 0, which needs no record.
    let alive0 = -1;
    let alive1 = words > 1 ? -1 : 0;
    let alive2 = words > 2 ? -1 : 0;
    let alive3 = words > 3 ? -1 : 0;
    let i = 0;
    let id = -2;
    for (; i < count; i++) {
      id = ids.idOfWordsAfter(id, keyWords[2 * i]!, keyWords[2 * i + 1]!);
      if (id < 0) break;
      const base = id * words;
      const now0 = alive0 & holders[base]!;
      const now1 = alive1 === 0 ? 0 : alive1 & holders[base + 1]!;
      const now2 = alive2 === 0 ? 0 : alive2 & holders[base + 2]!;
      const now3 = alive3 === 0 ? 0 : alive3 & holders[base + 3]!;
      if (i > 0) {
        if (now0 !== alive0) recordDropped(lengths, 0, alive0 & ~now0, i);
        if (now1 !== alive1) recordDropped(lengths, 1, alive1 & ~now1, i);
        if (now2 !== alive2) recordDropped(lengths, 2, alive2 & ~now2, i);
        if (now3 !== alive3) recordDropped(lengths, 3, alive3 & ~now3, i);
      }
      alive0 = now0;
      alive1 = now1;
      alive2 = now2;
      alive3 = now3;
      if ((now0 | now1 | now2 | now3) === 0) return lengths;
    }
    if (i > 0) {
      recordDropped(lengths, 0, alive0, i);
      recordDropped(lengths, 1, alive1, i);
      recordDropped(lengths, 2, alive2, i);
      recordDropped(lengths, 3, alive3, i);
    }
    return lengths;
  }

  /** The walk for any number of locations, the live locations' bitset in an array. */
  private walkManyWords(keyWords: Uint32Array, lengths: number[]): number[] {
    const count = keyWords.length >>> 1;
    const ids = this.ids;
    const holders = this.holders;
    const words = this.wordsPerBlock;
    const alive = new Int32Array(words).fill(-1);
    let i = 0;
    let id = -2;
    for (; i < count; i++) {
      id = ids.idOfWordsAfter(id, keyWords[2 * i]!, keyWords[2 * i + 1]!);
      if (id < 0) break;
      const base = id * words;
      let any = 0;
      for (let w = 0; w < words; w++) {
        const before = alive[w]!;
        if (before === 0) continue;
        const now = before & holders[base + w]!;
        if (now !== before) {
          alive[w] = now;
          if (i > 0) recordDropped(lengths, w, before & ~now, i);
        }
        any |= now;
      }
      if (any === 0) return lengths;
    }
    if (i > 0) for (let w = 0; w < words; w++) recordDropped(lengths, w, alive[w]!, i);
    return lengths;
  }

  /** Every location holding `key`, in ordinal order. */
  locationsOf(key: BlockKey): PrefixLocation[] {
    const id = this.ids.idOf(key);
    if (id < 0) return [];
    const found: PrefixLocation[] = [];
    const base = id * this.wordsPerBlock;
    for (let ordinal = 0; ordinal < this.locations.length; ordinal++) {
      if ((this.holders[base + (ordinal >>> 5)]! & (1 << (ordinal & 31))) !== 0) found.push(this.locations[ordinal]!);
    }
    return found;
  }

  /** The blocks held at one location, oldest first. */
  keysHeldAt(ordinal: number): ReadonlySet<BlockKey> {
    return this.keysAt[ordinal]!;
  }

  /** Leading blocks of `keys` held at one location. */
  prefixBlocks(ordinal: number, keys: readonly BlockKey[]): number {
    const held = this.keysAt[ordinal]!;
    let n = 0;
    while (n < keys.length && held.has(keys[n]!)) n++;
    return n;
  }

  /** Re-lays the bitsets for more block ids or more words per block. */
  private relayout(idCapacity: number, wordsPerBlock: number): void {
    const old = this.holders;
    const oldWords = this.wordsPerBlock;
    this.holders = new Int32Array(idCapacity * wordsPerBlock);
    this.wordsPerBlock = wordsPerBlock;
    const ids = Math.min(idCapacity, old.length / oldWords);
    for (let id = 0; id < ids; id++) this.holders.set(old.subarray(id * oldWords, (id + 1) * oldWords), id * wordsPerBlock);
  }
}

/** Sets `length` for each location whose bit is set in `bits` (word `word` of the bitset). */
function recordDropped(lengths: number[], word: number, bits: number, length: number): void {
  while (bits !== 0) {
    const low = bits & -bits;
    lengths[word * 32 + 31 - Math.clz32(low)] = length;
    bits ^= low;
  }
}
