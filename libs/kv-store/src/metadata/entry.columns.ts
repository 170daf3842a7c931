import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry, type BlockEntryDraft, type Replica } from './block-entry.model';
import { ReplicaLists } from './replica.lists';

/** The numeric fields of an entry, one column each. */
const NUMBERS = ['revision', 'sizeBytes', 'blockIndex', 'createdAtMs', 'leaseExpiresAtMs', 'softPinExpiresAtMs', 'lastAccessMs', 'accessCount'] as const;
const PENDING = 1;
const HARD_PINNED = 2;
const FIRST_CAPACITY = 1024;

/**
 * Entries in columns: one Float64Array per numeric field, one byte of flags, one shared replica
 * list per slot, addressed by a slot number. A million entries are a few dozen arrays rather than
 * a million objects, each with boxed timestamps; an entry is built as an object only when read.
 * Every number a column holds is a float64, exactly what a JavaScript number is.
 */
export class EntryColumns {
  private numbers: Float64Array;
  private flags: Uint8Array;
  private keys: (BlockKey | undefined)[] = [];
  private replicas: (readonly Replica[] | undefined)[] = [];
  private readonly lists = new ReplicaLists();
  private readonly free: number[] = [];
  private capacity = FIRST_CAPACITY;
  private used = 0;

  constructor() {
    this.numbers = new Float64Array(FIRST_CAPACITY * NUMBERS.length);
    this.flags = new Uint8Array(FIRST_CAPACITY);
  }

  /** Takes a free slot for `draft` at `revision`. */
  add(draft: BlockEntryDraft, revision: number): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.capacity) this.grow();
    this.keys[slot] = draft.key;
    this.write(slot, draft, revision);
    return slot;
  }

  /** Overwrites the entry in `slot`. */
  write(slot: number, draft: BlockEntryDraft, revision: number): void {
    const base = slot * NUMBERS.length;
    const n = this.numbers;
    n[base] = revision;
    n[base + 1] = draft.sizeBytes;
    n[base + 2] = draft.blockIndex;
    n[base + 3] = draft.createdAtMs;
    n[base + 4] = draft.leaseExpiresAtMs;
    n[base + 5] = draft.softPinExpiresAtMs;
    n[base + 6] = draft.lastAccessMs;
    n[base + 7] = draft.accessCount;
    this.flags[slot] = (draft.status === 'pending' ? PENDING : 0) | (draft.hardPinned ? HARD_PINNED : 0);
    const before = this.replicas[slot];
    this.replicas[slot] = this.lists.intern(draft.replicas);
    if (before !== undefined) this.lists.release(before);
  }

  /** Frees `slot` for another entry. */
  remove(slot: number): void {
    const list = this.replicas[slot];
    if (list !== undefined) this.lists.release(list);
    this.replicas[slot] = undefined;
    this.keys[slot] = undefined;
    this.free.push(slot);
  }

  revision(slot: number): number {
    return this.numbers[slot * NUMBERS.length]!;
  }

  /** The entry in `slot`, as a fresh object the caller may keep. */
  read(slot: number): BlockEntry {
    const base = slot * NUMBERS.length;
    const n = this.numbers;
    const flags = this.flags[slot]!;
    return {
      key: this.keys[slot]!,
      revision: n[base]!,
      status: (flags & PENDING) !== 0 ? 'pending' : 'complete',
      sizeBytes: n[base + 1]!,
      replicas: this.replicas[slot]!,
      blockIndex: n[base + 2]!,
      createdAtMs: n[base + 3]!,
      leaseExpiresAtMs: n[base + 4]!,
      softPinExpiresAtMs: n[base + 5]!,
      hardPinned: (flags & HARD_PINNED) !== 0,
      lastAccessMs: n[base + 6]!,
      accessCount: n[base + 7]!,
    };
  }

  /** Grows by half, so a store that stopped growing wastes at most a third of its columns. */
  private grow(): void {
    this.capacity = Math.ceil(this.capacity * 1.5);
    const numbers = new Float64Array(this.capacity * NUMBERS.length);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const flags = new Uint8Array(this.capacity);
    flags.set(this.flags);
    this.flags = flags;
  }
}
