import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type Endpoint } from '../endpoint';
import { type TransferError } from '../transfer.error';
import { type BlockToWrite, type KeyReadOutcome, type KeyWriteOutcome, type TransferOptions, type Transport } from '../transport.port';
import { type TransferObserver } from './transfer-observer.port';

/** What one answered batch moved, and the reason for each block the node refused. */
interface Tally {
  readonly bytes: number;
  readonly blocks: number;
  readonly refused: readonly string[];
}

/**
 * A transport that tells an observer what each batch moved, how long it took and what failed,
 * and otherwise behaves exactly as the transport it wraps. `nowMs` is a monotonic clock in ms.
 */
export class ObservedTransport implements Transport {
  readonly kind: string;

  constructor(
    private readonly inner: Transport,
    private readonly observer: TransferObserver,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.kind = inner.kind;
  }

  read(endpoint: Endpoint, keys: readonly BlockKey[], options: TransferOptions): Promise<Result<readonly KeyReadOutcome[], TransferError>> {
    return this.observe('received', keys.length, () => this.inner.read(endpoint, keys, options), (outcomes) => {
      const found = outcomes.flatMap((outcome) => (outcome.status === 'found' ? [outcome.bytes.length] : []));
      return { bytes: found.reduce((sum, n) => sum + n, 0), blocks: found.length, refused: [] };
    });
  }

  write(endpoint: Endpoint, blocks: readonly BlockToWrite[], options: TransferOptions): Promise<Result<readonly KeyWriteOutcome[], TransferError>> {
    return this.observe('sent', blocks.length, () => this.inner.write(endpoint, blocks, options), (outcomes) => {
      let bytes = 0;
      let stored = 0;
      const refused: string[] = [];
      outcomes.forEach((outcome, i) => {
        if (outcome.status !== 'stored') return refused.push(outcome.reason);
        bytes += blocks[i]?.bytes.length ?? 0;
        stored += 1;
      });
      return { bytes, blocks: stored, refused };
    });
  }

  /** Times `call` and reports what `tally` finds it moved and refused, or the error that failed the whole batch. */
  private async observe<T>(direction: 'sent' | 'received', size: number, call: () => Promise<Result<T, TransferError>>, tally: (value: T) => Tally): Promise<Result<T, TransferError>> {
    const startMs = this.nowMs();
    const result = await call();
    if (!result.ok) {
      this.observer.onTransferFailed({ direction, reason: result.error.kind, blocks: size });
      return result;
    }
    const { bytes, blocks, refused } = tally(result.value);
    this.observer.onTransfer({ direction, bytes, blocks, seconds: (this.nowMs() - startMs) / 1000 });
    const byReason = new Map<string, number>();
    for (const reason of refused) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    for (const [reason, count] of byReason) this.observer.onTransferFailed({ direction, reason, blocks: count });
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
