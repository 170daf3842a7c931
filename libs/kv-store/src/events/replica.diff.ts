import { type BlockEntry, type BlockEntryDraft, type Replica, sameReplica } from '../metadata/block-entry.model';
import { type IndexEventDraft } from './index-event.model';

/**
 * The index events a change of one entry means: only complete replicas are visible, so a pending
 * entry contributes nothing, a put end stores every replica, and a move is a removal and a store.
 */
export function replicaEvents(before: BlockEntry | BlockEntryDraft | undefined, after: BlockEntryDraft | undefined): IndexEventDraft[] {
  const was = visible(before);
  const now = visible(after);
  const key = (after ?? before)?.key;
  if (key === undefined) return [];
  const removed = was.filter((replica) => !now.some((other) => sameReplica(replica, other)));
  const stored = now.filter((replica) => !was.some((other) => sameReplica(replica, other)));
  return [
    ...removed.map((replica) => ({ kind: 'removed' as const, key, nodeId: replica.nodeId, tier: replica.tier })),
    ...stored.map((replica) => ({ kind: 'stored' as const, key, nodeId: replica.nodeId, tier: replica.tier })),
  ];
}

function visible(entry: BlockEntryDraft | undefined): readonly Replica[] {
  return entry?.status === 'complete' ? entry.replicas : [];
}
