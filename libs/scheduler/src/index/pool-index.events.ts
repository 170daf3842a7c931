import { type BlockKey } from '@tsukimi/kv-block';
import { type PrefixLocation } from './prefix-location.model';

/**
 * The kvpool master's index stream, as the scheduler needs it. Structural, so the master's own
 * event and snapshot types (`@tsukimi/kv-store`) fit without the scheduler depending on the store.
 */
export interface PoolReplica {
  readonly key: BlockKey;
  readonly nodeId: string;
  /** `device` replicas are an engine instance's memory, reported through the master; `nodeId` is then the instance's id. */
  readonly tier: PrefixLocation['tier'];
}

/** A complete replica appeared or went away. Ids start at 1 and go up by exactly 1 within an epoch, so a jump is a gap. */
export interface PoolIndexEvent extends PoolReplica {
  readonly id: number;
  readonly kind: 'stored' | 'removed';
}

/** The whole index at one point of the event log named by `epoch`. */
export interface PoolIndexSnapshot {
  readonly epoch: string;
  readonly lastEventId: number;
  readonly replicas: readonly PoolReplica[];
}

/** What applying a batch of events did; after `resync-needed` every batch is refused until a snapshot is loaded. */
export type PoolSyncOutcome =
  | { readonly kind: 'applied'; readonly applied: number; readonly duplicates: number }
  | { readonly kind: 'resync-needed'; readonly reason: 'gap' | 'epoch' | 'no-snapshot' };
