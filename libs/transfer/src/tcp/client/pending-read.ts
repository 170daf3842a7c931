import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type KeyReadOutcome } from '../../transport.port';
import { parseItem } from '../protocol/frame.decode';
import { encodeRead } from '../protocol/frame.encode';
import { Op } from '../protocol/frame.format';
import { type OutboundScheduler } from '../outbound.scheduler';
import { ClientRequest, type Complete } from './client.request';
import { type ReceiveBuffer, type ReceiveBufferPool } from './receive-buffer.pool';

/**
 * A READ waiting for its answer. Each found block gets one buffer of its exact size from the
 * receive pool as soon as its ITEM frame announces the size, and its slices are read straight
 * into it. If the request fails, its buffers are left to the garbage collector rather than
 * returned: the socket may still be writing a slice into one.
 */
export class PendingRead extends ClientRequest<readonly KeyReadOutcome[]> {
  private readonly outcomes: (KeyReadOutcome | undefined)[];
  private readonly buffers: (ReceiveBuffer | undefined)[];
  private readonly receivedBytes: number[];
  private unanswered: number;

  constructor(
    requestId: number,
    private readonly keys: readonly BlockKey[],
    private readonly maxBlockBytes: number,
    private readonly receivePool: ReceiveBufferPool,
    complete: Complete<readonly KeyReadOutcome[]>,
  ) {
    super(requestId, complete);
    this.outcomes = keys.map(() => undefined);
    this.buffers = keys.map(() => undefined);
    this.receivedBytes = keys.map(() => 0);
    this.unanswered = keys.length;
  }

  send(scheduler: OutboundScheduler): void {
    scheduler.writeControl(encodeRead(this.requestId, this.keys));
  }

  onFrame(op: number, body: Buffer): Result<void, string> {
    if (op !== Op.item) return err(`op 0x${op.toString(16)} in answer to READ ${this.requestId}`);
    const item = parseItem(body);
    if (!item.ok) return item;
    this.progress++;
    const { index, found, totalBytes } = item.value;
    const key = this.keys[index];
    if (key === undefined || this.outcomes[index] !== undefined || this.buffers[index] !== undefined) {
      return err(`ITEM ${index} of READ ${this.requestId} (${this.keys.length} keys) is unexpected`);
    }
    if (!found) return this.answer(index, { key, status: 'missing' });
    if (totalBytes > this.maxBlockBytes) return err(`block of ${totalBytes} bytes exceeds maxBlockBytes ${this.maxBlockBytes}`);
    if (totalBytes === 0) return this.answer(index, { key, status: 'found', bytes: Buffer.alloc(0) });
    this.buffers[index] = this.receivePool.take(totalBytes);
    return ok(undefined);
  }

  override onDataStart(index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    const held = this.buffers[index];
    const received = this.receivedBytes[index] ?? 0;
    if (held === undefined) return err(`DATA for item ${index} of READ ${this.requestId} before its ITEM`);
    const buffer = held.bytes;
    if (offset !== received || offset + length > buffer.length || length === 0) {
      return err(`DATA [${offset}, +${length}) for item ${index} with ${received} of ${buffer.length} bytes received`);
    }
    // The block's last slice offers the spare memory after the block, where the next frames may land in the same read.
    const room = offset + length === buffer.length ? held.spareBytes : 0;
    return ok(new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length + room));
  }

  override onDataEnd(index: number, length: number): void {
    const buffer = this.buffers[index];
    const key = this.keys[index];
    if (buffer === undefined || key === undefined) return;
    const received = (this.receivedBytes[index] ?? 0) + length;
    this.receivedBytes[index] = received;
    this.progress += length;
    if (received < buffer.bytes.length) return;
    this.buffers[index] = undefined;
    this.answer(index, { key, status: 'found', bytes: buffer.bytes, release: buffer.release });
  }

  private answer(index: number, outcome: KeyReadOutcome): Result<void, string> {
    this.outcomes[index] = outcome;
    if (--this.unanswered === 0) this.complete(this.outcomes as KeyReadOutcome[]);
    return ok(undefined);
  }
}
