import { byLastAccess, type EvictionPolicy } from './eviction-policy.port';

/**
 * Latest position in the request first; among equals, least recently used first. Requests share
 * prefixes, not suffixes: block 0 of a system prompt is reused by every request that carries it,
 * block 40 of one conversation rarely by any other, and a later block is useless without every
 * block before it.
 */
export const lengthAwareEviction: EvictionPolicy = {
  type: 'length-aware',
  compare: (a, b) => b.blockIndex - a.blockIndex || byLastAccess(a, b),
};
