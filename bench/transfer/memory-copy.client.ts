import { type BlockToWrite, ReceiveBufferPool, type ReceiveBufferPoolStats } from '@tsukimi/transfer';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

/**
 * The limit of a same-host read: the blocks already in this process, each copied once into
 * pooled memory of its size (as a reader receives it) in the plan's batches; a batch's copies are
 * all held until the batch is consumed and handed back, as a reader's caller holds the blocks one
 * read returns. No file, no socket, no lookup.
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
      // Releasing each copy before the next is taken would land every block of a batch in the same
      // few cache-hot bytes, which no reader handing back a whole batch can do.
      const copies = batch.map((block) => {
        const into = this.pool.take(block.bytes.length);
        into.bytes.set(block.bytes);
        return into;
      });
      this.copied += copies.length;
      let bytes = 0;
      for (const into of copies) {
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

  /** Its receive memory: as many buffers allocated as one batch holds at once, reused after. */
  receivePoolStats(): ReceiveBufferPoolStats {
    return this.pool.stats();
  }

  work(): ReadWork {
    return this.counter.work();
  }
}
