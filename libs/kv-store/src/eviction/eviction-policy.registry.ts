import { type EvictionPolicy, type EvictionPolicyType } from './eviction-policy.port';
import { lengthAwareEviction } from './length-aware.eviction';
import { lfuEviction } from './lfu.eviction';
import { lruEviction } from './lru.eviction';

const POLICIES: Readonly<Record<EvictionPolicyType, EvictionPolicy>> = {
  lru: lruEviction,
  lfu: lfuEviction,
  'length-aware': lengthAwareEviction,
};

export function evictionPolicy(type: EvictionPolicyType): EvictionPolicy {
  return POLICIES[type];
}
