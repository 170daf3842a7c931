import { err, ok, type Result } from '@tsukimi/result';
import { type BlockStoreWriter, type BlockWriteOutcome } from '../../block-store.port';
import { type WriteEntry } from '../protocol/frame.decode';
import { type ReceiveBudget } from './receive.budget';

interface IncomingBlock {
  readonly entry: WriteEntry;
  buffer: Buffer | null;
  receivedBytes: number;
  /** A block the server refused up front, or found no room for, still arrives; its bytes are dropped. */
  discard: boolean;
}

export interface WriteReceiverOptions {
  readonly maxBlockBytes: number;
  /** Where each block's buffer is reserved before it is allocated, and given back once the block is complete or dropped. */
  readonly budget: ReceiveBudget;
  /** Receive and drop every block without storing or answering (the request was already refused). */
  readonly discardAll?: boolean;
}

/**
 * The server's side of one WRITE: allocates each block's buffer once its first slice arrives,
 * hands complete blocks to the store, and finishes once every block has both arrived and been
 * stored or refused, so that no slice of it can still be on the way.
 */
export class WriteRequestReceiver {
  private readonly blocks: IncomingBlock[];
  private readonly outcomes: (BlockWriteOutcome | undefined)[];
  private unsettled: number;
  private incomplete: number;
  /** Answered or cancelled: nothing more is stored or reported. */
  private closed = false;

  constructor(
    entries: readonly WriteEntry[],
    private readonly writer: BlockStoreWriter,
    private readonly options: WriteReceiverOptions,
    private readonly finished: (outcomes: readonly BlockWriteOutcome[] | null) => void,
  ) {
    this.blocks = entries.map((entry) => ({
      entry,
      buffer: null,
      receivedBytes: 0,
      discard: options.discardAll === true || entry.totalBytes > options.maxBlockBytes,
    }));
    this.outcomes = entries.map(() => undefined);
    this.unsettled = entries.length;
    this.incomplete = entries.filter((entry) => entry.totalBytes > 0).length;
  }

  /** Settles what needs no bytes: blocks too large to accept and empty blocks. */
  start(): void {
    this.blocks.forEach((block, index) => {
      if (block.entry.totalBytes > this.options.maxBlockBytes) this.settle(index, { status: 'rejected', reason: 'too-large' });
      else if (block.entry.totalBytes === 0) this.complete(index, Buffer.alloc(0));
    });
    this.finishIfDone();
  }

  /** Where a slice goes; slices of a block must arrive in order and within its declared size. */
  sliceTarget(index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    const block = this.blocks[index];
    if (block === undefined) return err(`DATA for block ${index} of a ${this.blocks.length}-block write`);
    const { totalBytes } = block.entry;
    if (offset !== block.receivedBytes || offset + length > totalBytes || length === 0) {
      return err(`DATA [${offset}, +${length}) for block ${index} with ${block.receivedBytes} of ${totalBytes} bytes received`);
    }
    if (block.discard || this.closed) return ok(null);
    if (block.buffer === null) {
      if (!this.options.budget.tryTake(totalBytes)) {
        block.discard = true;
        return ok(null);
      }
      block.buffer = Buffer.allocUnsafe(totalBytes);
    }
    return ok(block.buffer.subarray(offset, offset + length));
  }

  sliceReceived(index: number, length: number): void {
    const block = this.blocks[index];
    if (block === undefined) return;
    block.receivedBytes += length;
    if (block.receivedBytes < block.entry.totalBytes) return;
    this.incomplete--;
    const buffer = this.letGo(block);
    this.complete(index, buffer);
    this.finishIfDone();
  }

  /** The client gave up: drop buffers and never answer. */
  cancel(): void {
    this.closed = true;
    for (const block of this.blocks) this.letGo(block);
  }

  /** Takes a block's buffer off it and gives its reservation back; the store owns the bytes from here. */
  private letGo(block: IncomingBlock): Buffer | null {
    const buffer = block.buffer;
    if (buffer !== null) this.options.budget.give(block.entry.totalBytes);
    block.buffer = null;
    return buffer;
  }

  /** All of a block's bytes are in: store it, or count a dropped block as settled. */
  private complete(index: number, bytes: Buffer | null): void {
    if (this.closed) return;
    if (bytes === null || this.blocks[index]?.discard === true) this.settle(index, { status: 'rejected', reason: 'unavailable' });
    else this.store(index, bytes);
  }

  private store(index: number, bytes: Buffer): void {
    const key = this.blocks[index]?.entry.key;
    if (key === undefined) return;
    const failed: BlockWriteOutcome = { status: 'rejected', reason: 'store-failure' };
    try {
      const outcome = this.writer.writeBlock(key, bytes);
      if (!(outcome instanceof Promise)) {
        this.settle(index, outcome);
        return;
      }
      outcome.then(
        (value) => {
          this.settle(index, value);
          this.finishIfDone();
        },
        () => {
          this.settle(index, failed);
          this.finishIfDone();
        },
      );
    } catch {
      this.settle(index, failed);
    }
  }

  private settle(index: number, outcome: BlockWriteOutcome): void {
    if (this.outcomes[index] !== undefined) return;
    this.outcomes[index] = outcome;
    this.unsettled--;
  }

  private finishIfDone(): void {
    if (this.unsettled > 0 || this.incomplete > 0 || this.closed) return;
    this.closed = true;
    this.finished(this.options.discardAll === true ? null : (this.outcomes as BlockWriteOutcome[]));
  }
}
