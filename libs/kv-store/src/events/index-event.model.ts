import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type Tier } from '../common/tier.model';

/** A complete replica, as the global prefix index sees it. */
export interface IndexReplica {
  readonly key: BlockKey;
  readonly nodeId: NodeId;
  readonly tier: Tier;
}

/** A change to the index: a complete replica appeared or went away. A move is a removal plus a store. */
export interface IndexEventDraft extends IndexReplica {
  readonly kind: 'stored' | 'removed';
}

/** An index event as logged: ids are assigned by the log, start at 1 and go up by exactly 1, so a jump is a gap. */
export interface IndexEvent extends IndexEventDraft {
  readonly id: number;
}

/**
 * The whole index at one point. `epoch` names the event log: a subscriber whose epoch differs
 * (the log was wiped, e.g. a memory-backed master restarted) must start over from a snapshot.
 */
export interface IndexSnapshot {
  readonly epoch: string;
  /** Events after this id are not (all) reflected; ask for them with `since`. */
  readonly lastEventId: number;
  readonly replicas: readonly IndexReplica[];
}

/** Events after an id, or why they cannot be given and a snapshot is needed. */
export interface EventBatch {
  readonly events: readonly IndexEvent[];
  /** The log's last id when read: more may follow when `events` was cut at the limit. */
  readonly lastEventId: number;
}

export interface EventGap {
  readonly kind: 'gap';
  /** `expired`: older than retention; `ahead`: newer than the log; `epoch`: another log. */
  readonly reason: 'expired' | 'ahead' | 'epoch';
  readonly epoch: string;
  readonly lastEventId: number;
}
