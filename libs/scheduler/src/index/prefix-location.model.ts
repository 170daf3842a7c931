import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '../instance.model';

/** The tiers a kvpool node holds: its DRAM and its SSD files. */
export type PoolTier = 'dram' | 'ssd';

/** Where a cached prefix can be read from: an instance's own engine memory, or a pool node's DRAM or SSD. */
export type PrefixLocation =
  | { readonly tier: 'device'; readonly instance: InstanceId }
  | { readonly tier: PoolTier; readonly node: string };

/** A location and how many leading blocks of a request it holds. */
export interface PrefixHit {
  readonly location: PrefixLocation;
  readonly blocks: number;
}

/** The leading blocks of one request's keys at every location, looked up once per decision. */
export interface PrefixMatch {
  /** Longest prefix held anywhere, in blocks. */
  readonly longestBlocks: number;
  /** Leading blocks held in `instance`'s own memory. */
  deviceBlocks(instance: InstanceId): number;
  /** The instance memory holding the longest prefix, leaving out `except` (the instance that would fetch it). */
  bestDevice(except?: InstanceId): PrefixHit | undefined;
  /** The pool node holding the longest prefix in `tier`. */
  bestNode(tier: PoolTier): PrefixHit | undefined;
}

/** Answers prefix lookups across every location; the global prefix index implements it. */
export interface PrefixLookup {
  /** `words`, when given, are `keys` as numbers (high then low 32 bits per block); a lookup may read them instead. */
  match(keys: readonly BlockKey[], words?: Uint32Array): PrefixMatch;
  /** `match` from the keys as numbers alone (high then low 32 bits per block), for lookups that index by them; the same answer. */
  matchWords?(words: Uint32Array): PrefixMatch;
}
