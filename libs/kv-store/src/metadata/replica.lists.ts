import { type Replica } from './block-entry.model';

interface Shared {
  readonly list: readonly Replica[];
  holders: number;
}

/**
 * One frozen replica list per distinct list of replicas: most blocks of a pool share a handful of
 * lists (one per node and tier, with one replica), so an entry holds a reference, not an array of
 * objects. A list nobody holds any more is dropped, so departed nodes leave nothing behind.
 */
export class ReplicaLists {
  private readonly shared = new Map<string, Shared>();

  /** The shared list equal to `replicas`, counted as held once more. */
  intern(replicas: readonly Replica[]): readonly Replica[] {
    const name = nameOf(replicas);
    let entry = this.shared.get(name);
    if (entry === undefined) {
      entry = { list: Object.freeze(replicas.map(({ nodeId, tier }) => Object.freeze({ nodeId, tier }))), holders: 0 };
      this.shared.set(name, entry);
    }
    entry.holders += 1;
    return entry.list;
  }

  /** Counts a list returned by `intern` as held once less. */
  release(list: readonly Replica[]): void {
    const name = nameOf(list);
    const entry = this.shared.get(name);
    if (entry === undefined) return;
    entry.holders -= 1;
    if (entry.holders <= 0) this.shared.delete(name);
  }

  /** Distinct lists held now. */
  get size(): number {
    return this.shared.size;
  }
}

/** Node ids and tiers cannot hold a newline or a slash, so the name is unambiguous. */
function nameOf(replicas: readonly Replica[]): string {
  let name = '';
  for (const { nodeId, tier } of replicas) name += `${nodeId}/${tier}\n`;
  return name;
}
