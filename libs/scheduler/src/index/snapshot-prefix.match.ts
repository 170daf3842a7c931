import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { DeviceOnlyMatch } from './device-only.match';
import { type PrefixMatch } from './prefix-location.model';

/**
 * The request's prefix at every location the snapshot can see: all tiers through its index, else
 * instances' own memory. An index that reads key words is given the words alone, so that a
 * request whose keys' text is spelled lazily never has it spelled for the lookup.
 */
export function prefixMatchOf(snapshot: ClusterSnapshot, request: Pick<ScheduleRequest, 'blockKeys' | 'blockKeyWords'>): PrefixMatch {
  const prefixes = snapshot.prefixes;
  const words = request.blockKeyWords;
  if (prefixes?.matchWords !== undefined && words !== undefined) return prefixes.matchWords(words);
  const keys = request.blockKeys;
  return prefixes?.match(keys, words) ?? new DeviceOnlyMatch(snapshot.prefill, keys, (id, k) => snapshot.cachedPrefixBlocks(id, k));
}
