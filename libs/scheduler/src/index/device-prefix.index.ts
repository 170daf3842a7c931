import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '../instance.model';

/**
 * Which blocks each instance holds in its own memory, learned from what it reports.
 * Bounded per instance (least recently reported forgotten first), since an instance's
 * arena evicts too; a stale entry only costs a miss, never a wrong token.
 */
export class DevicePrefixIndex {
  private readonly held = new Map<InstanceId, Map<BlockKey, true>>();

  constructor(private readonly capacityBlocksPerInstance: number) {}

  /** Records that `instance` now holds `keys` (most recent last). */
  report(instance: InstanceId, keys: readonly BlockKey[]): void {
    let blocks = this.held.get(instance);
    if (!blocks) this.held.set(instance, (blocks = new Map()));
    for (const key of keys) {
      blocks.delete(key);
      blocks.set(key, true);
    }
    for (const oldest of blocks.keys()) {
      if (blocks.size <= this.capacityBlocksPerInstance) break;
      blocks.delete(oldest);
    }
  }

  forget(instance: InstanceId): void {
    this.held.delete(instance);
  }

  /** Leading blocks of `keys` that `instance` holds. */
  cachedPrefixBlocks(instance: InstanceId, keys: readonly BlockKey[]): number {
    const blocks = this.held.get(instance);
    if (!blocks) return 0;
    let n = 0;
    while (n < keys.length && blocks.has(keys[n]!)) n++;
    return n;
  }
}
