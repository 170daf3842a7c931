import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type BlockEntry, type Replica, draftOf } from '../metadata/block-entry.model';
import { type NodeCommand } from '../node/node-command.model';
import { keep, replace, type EntryDecision } from './entry.writer';
import { type InProgress, type NotFound } from './store.errors';

export type PutStartAnswer =
  /** Write the block to every replica, then call put end. */
  | { readonly outcome: 'allocated'; readonly replicas: readonly Replica[] }
  /** Already complete: nothing to write. */
  | { readonly outcome: 'exists'; readonly replicas: readonly Replica[] };

export type PutEndAnswer = { readonly outcome: 'completed' | 'already-complete'; readonly replicas: readonly Replica[] };

export interface PendingPut {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly replicas: readonly Replica[];
  readonly blockIndex: number;
  readonly nowMs: number;
}

/** Put start: a new pending entry, unless the key is complete (idempotent) or being written. */
export function decidePutStart(put: PendingPut) {
  return (current: BlockEntry | undefined): EntryDecision<Result<PutStartAnswer, InProgress>> => {
    if (current?.status === 'complete') return keep(ok({ outcome: 'exists', replicas: current.replicas }));
    if (current !== undefined) return keep(err({ kind: 'in-progress', key: put.key }));
    const entry = {
      key: put.key,
      status: 'pending' as const,
      sizeBytes: put.sizeBytes,
      replicas: put.replicas,
      blockIndex: put.blockIndex,
      createdAtMs: put.nowMs,
      leaseExpiresAtMs: 0,
      softPinExpiresAtMs: 0,
      hardPinned: false,
      lastAccessMs: put.nowMs,
      accessCount: 0,
    };
    return replace(entry, ok({ outcome: 'allocated', replicas: put.replicas }));
  };
}

/** Put end: the pending entry becomes complete and visible; ending a complete one again is harmless. */
export function decidePutEnd(key: BlockKey, nowMs: number) {
  return (current: BlockEntry | undefined): EntryDecision<Result<PutEndAnswer, NotFound>> => {
    if (current === undefined) return keep(err({ kind: 'not-found', key }));
    if (current.status === 'complete') return keep(ok({ outcome: 'already-complete', replicas: current.replicas }));
    return replace({ ...draftOf(current), status: 'complete', lastAccessMs: nowMs }, ok({ outcome: 'completed', replicas: current.replicas }));
  };
}

/**
 * Put revoke: the pending entry goes, and the nodes are told to drop whatever part arrived.
 * `createdAtMs`, when given, revokes only that put (an expiry sweep must not revoke a newer one).
 */
export function decidePutRevoke(key: BlockKey, createdAtMs?: number) {
  return (current: BlockEntry | undefined): EntryDecision<Result<readonly NodeCommand[], NotFound | { kind: 'complete'; key: BlockKey }>> => {
    if (current === undefined || (createdAtMs !== undefined && current.createdAtMs !== createdAtMs)) return keep(err({ kind: 'not-found', key }));
    if (current.status === 'complete') return keep(err({ kind: 'complete', key }));
    return replace(undefined, ok(deleteCommands(key, current.replicas)));
  };
}

export function deleteCommands(key: BlockKey, replicas: readonly Replica[]): NodeCommand[] {
  const nodes = new Set<NodeId>(replicas.map((replica) => replica.nodeId));
  return [...nodes].map((nodeId) => ({ kind: 'delete', nodeId, key }));
}
