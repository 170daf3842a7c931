import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockEntry, isLeased } from '../metadata/block-entry.model';
import { type NodeCommand } from '../node/node-command.model';
import { keep, replace, type EntryDecision } from './entry.writer';
import { type MasterContext } from './master.context';
import { deleteCommands } from './put.decisions';
import { type RemoveError } from './store.errors';

/** Remove: refused while a reader holds a lease, while hard-pinned, or while pending (revoke that instead). A soft pin does not refuse it. */
export function decideRemove(key: BlockKey, nowMs: number) {
  return (current: BlockEntry | undefined): EntryDecision<Result<readonly NodeCommand[], RemoveError>> => {
    if (current === undefined) return keep(err({ kind: 'not-found', key }));
    if (current.status === 'pending') return keep(err({ kind: 'in-progress', key }));
    if (isLeased(current, nowMs)) return keep(err({ kind: 'leased', key, leaseExpiresAtMs: current.leaseExpiresAtMs }));
    if (current.hardPinned) return keep(err({ kind: 'hard-pinned', key }));
    return replace(undefined, ok(deleteCommands(key, current.replicas)));
  };
}

export class BlockRemover {
  constructor(private readonly ctx: MasterContext) {}

  /** Drops the block from the index; the answer is the delete commands for the nodes holding it. */
  remove(key: BlockKey): Promise<Result<readonly NodeCommand[], RemoveError>> {
    return this.ctx.writer.updateResult(key, decideRemove(key, this.ctx.clock.nowMs()));
  }
}
