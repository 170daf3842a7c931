import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type Endpoint } from '../endpoint';
import { ReceiveBufferPool, type ReceiveBuffer } from '../tcp/client/receive-buffer.pool';
import { type TransferError } from '../transfer.error';
import { type BlockToWrite, type KeyReadOutcome, type KeyWriteOutcome, type TransferOptions, type Transport } from '../transport.port';
import { type OpenBlockFilesLimits } from './open-block.files';
import { SharedSegment, type SegmentRead } from './shared-segment';

export interface SameHostTransportOptions {
  /** This process's host id; a node's shared segment is read only when it names the same host. */
  readonly hostId: string;
  /** Carries writes, and reads of every block the segment cannot serve (another host, no file, a bad file). */
  readonly fallback: Transport;
  /** Idle receive memory kept for reuse. Default 128 MiB. */
  readonly receivePoolBytes?: number;
  /** How many short blocks' files (under 256 KiB) to keep open per segment between reads. Default 1024 files, 64 MiB. */
  readonly keepOpen?: OpenBlockFilesLimits;
}

export interface SameHostStats {
  /** Blocks read from a shared segment. */
  readonly blocksFromSegment: number;
  /** Blocks a shared segment was asked for and could not serve (absent or not a whole block of the key), read through the fallback. */
  readonly blocksFallenBack: number;
}

/** How long a batch's reads may keep this thread before the event loop gets a turn, so a large batch does not stall timers and sockets. */
const YIELD_AFTER_MS = 2;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads blocks of a node on this host straight from its shared segment: one copy from RAM into
 * pooled memory, no socket, no server turn; every block of a batch is read at once, long ones on
 * the thread pool. Whatever the segment cannot serve goes to the
 * fallback transport in one batch, so a reader gets the node's bytes either way and never a file
 * that is not a whole block of the key it asked for.
 */
export class SameHostTransport implements Transport {
  readonly kind = 'same-host';
  private readonly receivePool: ReceiveBufferPool;
  private readonly segments = new Map<string, SharedSegment>();
  private closed = false;
  private fromSegment = 0;
  private fallenBack = 0;
  private readonly take = (sizeBytes: number): ReceiveBuffer => this.receivePool.take(sizeBytes);

  constructor(private readonly options: SameHostTransportOptions) {
    for (const [name, value] of Object.entries(options.keepOpen ?? {})) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`keepOpen.${name} must be a non-negative integer, got ${value}`);
    }
    this.receivePool = new ReceiveBufferPool({ budgetBytes: options.receivePoolBytes ?? 128 * 1024 * 1024 });
  }

  async read(endpoint: Endpoint, keys: readonly BlockKey[], options: TransferOptions): Promise<Result<readonly KeyReadOutcome[], TransferError>> {
    if (this.closed) return err({ kind: 'transport-closed', endpoint });
    const segment = this.segmentOf(endpoint);
    if (segment === undefined) return this.options.fallback.read(endpoint, keys, options);
    const reads: (SegmentRead | Promise<SegmentRead>)[] = [];
    let waiting = false;
    let sliceStartMs = performance.now();
    for (const key of keys) {
      const read = segment.read(key, this.take);
      if (read instanceof Promise) waiting = true;
      reads.push(read);
      if (performance.now() - sliceStartMs >= YIELD_AFTER_MS) {
        await yieldToEventLoop();
        sliceStartMs = performance.now();
      }
    }
    const outcomes: (KeyReadOutcome | undefined)[] = [];
    const rest: number[] = [];
    // A batch of short blocks is read by now: only long ones are waited for.
    const settled = waiting ? await Promise.all(reads) : (reads as SegmentRead[]);
    for (const [index, got] of settled.entries()) {
      const key = keys[index] as BlockKey;
      if (got.status === 'found') {
        outcomes.push({ key, status: 'found', bytes: got.buffer.bytes, release: got.buffer.release });
      } else {
        outcomes.push(undefined);
        rest.push(index);
      }
    }
    this.fromSegment += keys.length - rest.length;
    this.fallenBack += rest.length;
    if (rest.length === 0) return this.closedMeanwhile(endpoint, outcomes as KeyReadOutcome[]);
    const fetched = await this.options.fallback.read(endpoint, rest.map((index) => keys[index] as BlockKey), options);
    if (!fetched.ok) {
      releaseAll(outcomes);
      return fetched;
    }
    rest.forEach((index, i) => (outcomes[index] = fetched.value[i]));
    return this.closedMeanwhile(endpoint, outcomes as KeyReadOutcome[]);
  }

  write(endpoint: Endpoint, blocks: readonly BlockToWrite[], options: TransferOptions): Promise<Result<readonly KeyWriteOutcome[], TransferError>> {
    if (this.closed) return Promise.resolve(err({ kind: 'transport-closed', endpoint }));
    return this.options.fallback.write(endpoint, blocks, options);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.receivePool.close();
    for (const segment of this.segments.values()) segment.close();
    await this.options.fallback.close();
  }

  stats(): SameHostStats {
    return { blocksFromSegment: this.fromSegment, blocksFallenBack: this.fallenBack };
  }

  private segmentOf(endpoint: Endpoint): SharedSegment | undefined {
    const address = endpoint.sharedSegment;
    if (address === undefined || address.hostId !== this.options.hostId) return undefined;
    let segment = this.segments.get(address.dir);
    if (segment === undefined) {
      segment = new SharedSegment(address.dir, this.options.keepOpen);
      this.segments.set(address.dir, segment);
    }
    return segment;
  }

  /** A read that finished after `close` answers as the fallback's reads in flight do then. */
  private closedMeanwhile(endpoint: Endpoint, outcomes: readonly KeyReadOutcome[]): Result<readonly KeyReadOutcome[], TransferError> {
    if (!this.closed) return ok(outcomes);
    releaseAll(outcomes);
    return err({ kind: 'transport-closed', endpoint });
  }
}

function releaseAll(outcomes: readonly (KeyReadOutcome | undefined)[]): void {
  for (const outcome of outcomes) if (outcome?.status === 'found') outcome.release?.();
}
