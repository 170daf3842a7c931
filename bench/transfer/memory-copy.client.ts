import { type BlockToWrite, ReceiveBufferPool } from '@tsukimi/transfer';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

/**
 * The limit of a same-host read: the blocks already in this process, each copied once into
 * pooled memory of its size (as a reader receives it) in the plan's batches, consumed and handed
 * back. No file, no socket, no lookup.
 */
export class MemoryCopyClient {
  private readonly pool: ReceiveBufferPool;
  private readonly counter = new WorkCounter();
  private copied = 0;

  constructor(
    private readonly blocks: readonly BlockToWrite[],
    private readonly plan: TransferPlan,
  ) {
    this.pool = new ReceiveBufferPool({ budgetBytes: plan.receivePoolBytes });
  }

  /** Copies every block once; `consume` sees each copy before it goes back to the pool. Resolves to the bytes copied. */
  copyAll(consume?: (bytes: Uint8Array) => void): Promise<number> {
    return inBatches(this.blocks, this.plan, this.counter, async (batch) => {
      let bytes = 0;
      for (const block of batch) {
        const into = this.pool.take(block.bytes.length);
        into.bytes.set(block.bytes);
        this.copied++;
        bytes += into.bytes.length;
        consume?.(into.bytes);
        into.release();
      }
      return bytes;
    });
  }

  /** Blocks copied so far. */
  copies(): number {
    return this.copied;
  }

  work(): ReadWork {
    return this.counter.work();
  }
}
