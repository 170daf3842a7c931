/** The largest typed array V8 keeps inside its heap (`V8_TYPED_ARRAY_MAX_SIZE_IN_HEAP`); a longer one gets a store of its own. */
const IN_HEAP_MAX_BYTES = 64;
const SLAB_WORDS = 8192;

/**
 * Key words for one sequence after another, carved from a shared 32 KiB store. A `Uint32Array`
 * longer than 64 bytes gets its own store off the heap, which costs about a microsecond to
 * allocate, as much as a tenth of hashing an 8k-token prompt; a view onto a held store costs
 * tens of nanoseconds. Views never overlap, and nothing writes a sequence's words once they are
 * hashed, so sharing a store is safe; the store is freed when the last view onto it is. A
 * sequence of more than a quarter of the store gets its own, so that a view keeps at most four
 * times its own size alive; one small enough to live in the heap is allocated there.
 */
export class KeyWordsSlab {
  private store = new Uint32Array(0);
  private used = 0;

  /** `length` zeroed words no other view shares. */
  take(length: number): Uint32Array {
    if (length * Uint32Array.BYTES_PER_ELEMENT <= IN_HEAP_MAX_BYTES || 4 * length > SLAB_WORDS) return new Uint32Array(length);
    if (this.used + length > this.store.length) {
      this.store = new Uint32Array(SLAB_WORDS);
      this.used = 0;
    }
    const view = new Uint32Array(this.store.buffer, this.used * Uint32Array.BYTES_PER_ELEMENT, length);
    this.used += length;
    return view;
  }
}
