import { type BlockKey } from '@tsukimi/kv-block';
import { type ClusterSnapshot } from '../schedule.model';
import { DeviceOnlyMatch } from './device-only.match';
import { type PrefixMatch } from './prefix-location.model';

/** The request's prefix at every location the snapshot can see: all tiers through its index, else instances' own memory. */
export function prefixMatchOf(snapshot: ClusterSnapshot, keys: readonly BlockKey[], words?: Uint32Array): PrefixMatch {
  return snapshot.prefixes?.match(keys, words) ?? new DeviceOnlyMatch(snapshot.prefill, keys, (id, k) => snapshot.cachedPrefixBlocks(id, k));
}
