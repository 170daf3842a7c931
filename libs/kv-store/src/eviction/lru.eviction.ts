import { byLastAccess, type EvictionPolicy } from './eviction-policy.port';

/** Least recently read (or written) first. */
export const lruEviction: EvictionPolicy = {
  type: 'lru',
  compare: byLastAccess,
};
