import { type BlockEntry } from '../metadata/block-entry.model';

export const EVICTION_POLICIES = ['lru', 'lfu', 'length-aware'] as const;
export type EvictionPolicyType = (typeof EVICTION_POLICIES)[number];

/** The order in which evictable blocks go. Pure; protection (leases, pins, pending) is decided before it is asked. */
export interface EvictionPolicy {
  readonly type: EvictionPolicyType;
  /** Negative when `a` should be evicted before `b`. A total order: ties end on the key, so runs are reproducible. */
  compare(a: BlockEntry, b: BlockEntry): number;
}

export function byKey(a: BlockEntry, b: BlockEntry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function byLastAccess(a: BlockEntry, b: BlockEntry): number {
  return a.lastAccessMs - b.lastAccessMs || byKey(a, b);
}
