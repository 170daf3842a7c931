import { byLastAccess, type EvictionPolicy } from './eviction-policy.port';

/** Fewest reads first; among equals, least recently used first. */
export const lfuEviction: EvictionPolicy = {
  type: 'lfu',
  compare: (a, b) => a.accessCount - b.accessCount || byLastAccess(a, b),
};
