import { type BlockKey, blockKeyWord } from '@tsukimi/kv-block';

/** Words per slot: the key's high and low 32 bits, then its id plus one (0 marks an empty slot). */
const SLOT_WORDS = 3;
const INITIAL_SLOT_BITS = 10;

/**
 * Gives every block key in the index a small dense id, in an open-addressing hash table laid out
 * in one typed array. A prefix lookup probes hundreds of keys per request; here each probe reads
 * one slot, where a `Map` of strings chases a bucket, an entry and the stored string, and the
 * table adds nothing for the garbage collector to trace however many blocks the pool holds.
 */
export class BlockKeyIds {
  private slots = new Uint32Array((1 << INITIAL_SLOT_BITS) * SLOT_WORDS);
  private mask = (1 << INITIAL_SLOT_BITS) - 1;
  /** Fibonacci hashing keeps the product's top bits, the well-mixed ones. */
  private shift = 32 - INITIAL_SLOT_BITS;
  private count = 0;
  private nextId = 0;
  private readonly freeIds: number[] = [];
  /**
   * Each live id's key words (high, low), zeros for a free id: a chain's blocks usually arrive in
   * order and get consecutive ids, so the next key of a prefix is first checked here, in memory
   * read in sequence, before its slot is probed at random.
   */
  private keysById = new Uint32Array(2 * 1024);

  get size(): number {
    return this.count;
  }

  /** One past the largest id ever handed out: arrays indexed by id need this length. */
  get idLimit(): number {
    return this.nextId;
  }

  /** The key's id, or -1 when the key is not in the table. */
  idOf(key: BlockKey): number {
    return this.idOfWords(blockKeyWord(key, 0), blockKeyWord(key, 8));
  }

  /** The id of the key whose high and low 32 bits are `hi` and `lo`, or -1: `idOf` without parsing hex. */
  idOfWords(hi: number, lo: number): number {
    const slots = this.slots;
    for (let slot = this.home(hi, lo); ; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT_WORDS;
      const stored = slots[at + 2]!;
      if (stored === 0) return -1;
      if (slots[at + 1] === lo && slots[at] === hi) return stored - 1;
    }
  }

  /**
   * `idOfWords` for the key that follows, in a prompt, the key whose id is `previousId`: tries
   * `previousId + 1` first. Gives the same answer as `idOfWords`.
   */
  idOfWordsAfter(previousId: number, hi: number, lo: number): number {
    const guess = previousId + 1;
    const keys = this.keysById;
    if (2 * guess + 1 < keys.length && keys[2 * guess] === hi && keys[2 * guess + 1] === lo && (hi | lo) !== 0) return guess;
    return this.idOfWords(hi, lo);
  }

  /** The key's id, assigning one (reusing freed ids first) when the key is new. */
  add(key: BlockKey): number {
    const existing = this.idOf(key);
    if (existing >= 0) return existing;
    if ((this.count + 1) * 2 > this.mask + 1) this.resize(33 - this.shift);
    const id = this.freeIds.pop() ?? this.nextId++;
    const hi = blockKeyWord(key, 0);
    const lo = blockKeyWord(key, 8);
    this.place(hi, lo, id + 1);
    if (2 * id + 1 >= this.keysById.length) {
      const grown = new Uint32Array(this.keysById.length * 2);
      grown.set(this.keysById);
      this.keysById = grown;
    }
    this.keysById[2 * id] = hi;
    this.keysById[2 * id + 1] = lo;
    this.count++;
    return id;
  }

  /** Removes the key; returns the id it had (now free for reuse), or -1. */
  delete(key: BlockKey): number {
    const hi = blockKeyWord(key, 0);
    const lo = blockKeyWord(key, 8);
    const slots = this.slots;
    let slot = this.home(hi, lo);
    for (; ; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT_WORDS;
      if (slots[at + 2] === 0) return -1;
      if (slots[at + 1] === lo && slots[at] === hi) break;
    }
    const id = slots[slot * SLOT_WORDS + 2]! - 1;
    this.closeGap(slot);
    this.count--;
    this.freeIds.push(id);
    this.keysById[2 * id] = 0;
    this.keysById[2 * id + 1] = 0;
    return id;
  }

  /** Linear probing without tombstones: shifts back each later entry of the run that the gap would hide from its home slot. */
  private closeGap(gap: number): void {
    const slots = this.slots;
    for (let next = (gap + 1) & this.mask; slots[next * SLOT_WORDS + 2] !== 0; next = (next + 1) & this.mask) {
      const at = next * SLOT_WORDS;
      const wanted = this.home(slots[at]!, slots[at + 1]!);
      const reachable = gap <= next ? wanted > gap && wanted <= next : wanted > gap || wanted <= next;
      if (reachable) continue;
      slots.copyWithin(gap * SLOT_WORDS, at, at + SLOT_WORDS);
      gap = next;
    }
    slots.fill(0, gap * SLOT_WORDS, gap * SLOT_WORDS + SLOT_WORDS);
  }

  private place(hi: number, lo: number, idPlusOne: number): void {
    let slot = this.home(hi, lo);
    while (this.slots[slot * SLOT_WORDS + 2] !== 0) slot = (slot + 1) & this.mask;
    const at = slot * SLOT_WORDS;
    this.slots[at] = hi;
    this.slots[at + 1] = lo;
    this.slots[at + 2] = idPlusOne;
  }

  /** Keys are hashes already, but tests and tools use small sequential ones: mixing spreads those too. */
  private home(hi: number, lo: number): number {
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  private resize(slotBits: number): void {
    const old = this.slots;
    this.slots = new Uint32Array((1 << slotBits) * SLOT_WORDS);
    this.mask = (1 << slotBits) - 1;
    this.shift = 32 - slotBits;
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      if (old[at + 2] !== 0) this.place(old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}
