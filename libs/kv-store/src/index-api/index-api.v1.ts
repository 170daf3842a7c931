import { type Tier } from '../common/tier.model';

/** The index read API's version: in every path (`/index/v1/...`) and every answer and event. */
export const INDEX_API_VERSION = 'v1';

/** Where one copy of a block is: an engine instance's memory, or a pool node's DRAM or SSD. */
export type HoldingV1 = { readonly tier: 'device'; readonly instance: string } | { readonly tier: Exclude<Tier, 'device'>; readonly node: string };

/** One block of a lookup and every place it is held; `locations` names only the tiers when the caller may not see placement. */
export interface BlockHoldingV1 {
  /** The block's position in the prompt or in the keys asked for. */
  readonly index: number;
  readonly key: string;
  readonly locations: readonly (HoldingV1 | { readonly tier: Tier })[];
}

/** The leading blocks held somewhere (each in at least one location), and their tokens when the block size is known. */
export interface MatchedPrefixV1 {
  readonly blocks: number;
  readonly tokens: number | null;
}

/** The answer of `POST /index/v1/lookup`. */
export interface IndexLookupV1 {
  readonly object: 'index.lookup';
  readonly version: typeof INDEX_API_VERSION;
  /** The pool event log the answer reflects, up to `last_event_id`: resume `GET /index/v1/events` from here. */
  readonly epoch: string;
  readonly last_event_id: number;
  readonly model: string | null;
  readonly block_size_tokens: number | null;
  /** Tokens of the prompt looked up; null for a lookup by keys. */
  readonly prompt_tokens: number | null;
  readonly matched_prefix: MatchedPrefixV1;
  readonly blocks: readonly BlockHoldingV1[];
}

/** A `stored` or `removed` event on `GET /index/v1/events`: a complete replica appeared at, or left, one pool node's tier. */
export interface IndexEventV1 {
  readonly version: typeof INDEX_API_VERSION;
  readonly epoch: string;
  /** Consecutive within an epoch: a jump is a gap, and the subscriber starts over from a snapshot. */
  readonly id: number;
  readonly kind: 'stored' | 'removed';
  readonly key: string;
  readonly tier: Tier;
  readonly node: string;
}

/** One page of the snapshot a subscriber gets first when it names no position, or one the log no longer holds. */
export interface IndexSnapshotPageV1 {
  readonly version: typeof INDEX_API_VERSION;
  readonly epoch: string;
  /** Events after this id follow the last page. */
  readonly last_event_id: number;
  readonly replicas: readonly { readonly key: string; readonly tier: Tier; readonly node: string }[];
  readonly last_page: boolean;
}
