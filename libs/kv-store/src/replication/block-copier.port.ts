import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type Endpoint } from '@tsukimi/transfer';

/** Why a copy did not land; each is a short constant word, fit for a metric label. */
export type CopyFailureReason = 'source-missing' | 'source-corrupt' | 'target-refused' | 'target-unreachable';

export interface CopyFailure {
  readonly kind: 'copy-failed';
  readonly key: BlockKey;
  readonly reason: CopyFailureReason;
  readonly detail: string;
}

/** Copies one block's bytes from a node holding it to another node, over the pool's data plane. */
export interface BlockCopier {
  /**
   * Reads the block from the first source that serves a sound copy (checksum verified), writes it
   * to `target` and answers the bytes copied. Never throws for an unreachable node or a bad copy:
   * those are failures, and the target may then hold nothing or a whole block (writes are atomic).
   */
  copy(key: BlockKey, sources: readonly Endpoint[], target: Endpoint, timeoutMs: number): Promise<Result<{ readonly sizeBytes: number }, CopyFailure>>;
}
