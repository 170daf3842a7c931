import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStoreReader } from '../../block-store.port';
import { encodeDataHeader, encodeFailed, encodeFoundItemWithData, encodeItem } from '../protocol/frame.encode';
import { TURN_BYTES, type FrameOutput, type OutboundStream } from '../outbound.scheduler';
import { nextSliceBytes } from '../protocol/slice.rule';

interface ReadyItem {
  readonly index: number;
  readonly outcome: BlockReadOutcome;
}

interface SendingItem {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly release: () => void;
  offset: number;
  /** Whether its ITEM frame went out; it goes in one buffer with the first slice's header. */
  announced: boolean;
}

export interface ReadResponseHooks {
  /** The stream has something to write again. */
  wake(): void;
  /** Every frame of the answer has been handed to the socket. */
  finished(): void;
}

/**
 * The server's answer to one READ: an ITEM frame per key, then the block's bytes as DATA slices
 * taken straight from the store's buffer. Keys are answered as the store delivers them, not in
 * request order, so a slow SSD read does not hold up blocks already in memory.
 */
export class ReadResponseStream implements OutboundStream {
  private readonly ready: ReadyItem[] = [];
  private pending = 0;
  private sending: SendingItem | null = null;
  private failure: string | null = null;
  private disposed = false;

  constructor(
    private readonly requestId: number,
    private readonly sliceBytes: number,
    private readonly hooks: ReadResponseHooks,
  ) {}

  /** Asks the store for every key; synchronous answers are ready before the first turn. */
  start(reader: BlockStoreReader, keys: readonly BlockKey[]): void {
    keys.forEach((key, index) => {
      try {
        const outcome = reader.readBlock(key);
        if (!(outcome instanceof Promise)) {
          this.ready.push({ index, outcome });
          return;
        }
        this.pending++;
        outcome.then(
          (value) => this.arrive(index, value),
          (error: unknown) => {
            this.pending--;
            this.storeFailed(error);
          },
        );
      } catch (error) {
        this.storeFailed(error);
      }
    });
  }

  writeNext(out: FrameOutput): 'more' | 'waiting' | 'done' {
    if (this.failure !== null) {
      out.write(encodeFailed(this.requestId, 'store-failure', this.failure));
      this.dispose();
      this.hooks.finished();
      return 'done';
    }
    let budget = TURN_BYTES;
    while (budget > 0) {
      if (this.sending === null && !this.startNextItem(out)) break;
      if (this.sending !== null) budget -= this.writeSlice(out, this.sending);
    }
    if (this.sending !== null || this.ready.length > 0) return 'more';
    if (this.pending > 0) return 'waiting';
    this.disposed = true;
    this.hooks.finished();
    return 'done';
  }

  dispose(): void {
    this.disposed = true;
    this.sending?.release();
    this.sending = null;
    for (const item of this.ready.splice(0)) releaseOf(item.outcome)();
  }

  /** Takes the next ready key, writing its ITEM frame unless its first slice will carry it; false when none is ready. */
  private startNextItem(out: FrameOutput): boolean {
    const item = this.ready.shift();
    if (item === undefined) return false;
    const { outcome, index } = item;
    if (outcome.status === 'missing') {
      out.write(encodeItem(this.requestId, index, false, 0));
      return true;
    }
    const release = releaseOf(outcome);
    if (outcome.bytes.length === 0) {
      out.write(encodeItem(this.requestId, index, true, 0));
      release();
    } else {
      this.sending = { index, bytes: outcome.bytes, release, offset: 0, announced: false };
    }
    return true;
  }

  /** One DATA frame; returns its payload size. */
  private writeSlice(out: FrameOutput, item: SendingItem): number {
    const length = nextSliceBytes(item.bytes.length - item.offset, this.sliceBytes);
    const last = item.offset + length === item.bytes.length;
    out.write(item.announced ? encodeDataHeader(this.requestId, item.index, item.offset, length) : encodeFoundItemWithData(this.requestId, item.index, item.bytes.length, length));
    item.announced = true;
    out.write(item.bytes.subarray(item.offset, item.offset + length), last ? item.release : undefined);
    item.offset += length;
    if (last) this.sending = null;
    return length;
  }

  private arrive(index: number, outcome: BlockReadOutcome): void {
    this.pending--;
    if (this.disposed) {
      releaseOf(outcome)();
      return;
    }
    this.ready.push({ index, outcome });
    this.hooks.wake();
  }

  private storeFailed(error: unknown): void {
    if (this.disposed || this.failure !== null) return;
    this.failure = error instanceof Error ? error.message : String(error);
    this.hooks.wake();
  }
}

/** A release that runs at most once, whatever path gives the bytes up. */
function releaseOf(outcome: BlockReadOutcome): () => void {
  if (outcome.status !== 'found' || outcome.release === undefined) return noop;
  const release = outcome.release;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}

const noop = (): void => undefined;
