import { err, ok, type Result } from '@tsukimi/result';
import { type BlockToWrite, type KeyWriteOutcome } from '../../transport.port';
import { parseWriteResult } from '../protocol/frame.decode';
import { encodeDataHeader, encodeWrite } from '../protocol/frame.encode';
import { Op } from '../protocol/frame.format';
import { nextSliceBytes } from '../protocol/slice.rule';
import { TURN_BYTES, type FrameOutput, type OutboundScheduler, type OutboundStream } from '../outbound.scheduler';
import { ClientRequest, type Complete } from './client.request';

/**
 * A WRITE: the WRITE frame, then every block as DATA slices taken from the caller's buffers,
 * sent in turns with the connection's other requests; then the server's WRITE_RESULT.
 */
export class PendingWrite extends ClientRequest<readonly KeyWriteOutcome[]> implements OutboundStream {
  private headerSent = false;
  private blockIndex = 0;
  private offset = 0;

  constructor(
    requestId: number,
    private readonly blocks: readonly BlockToWrite[],
    private readonly sliceBytes: number,
    complete: Complete<readonly KeyWriteOutcome[]>,
  ) {
    super(requestId, complete);
  }

  send(scheduler: OutboundScheduler): void {
    scheduler.add(this);
  }

  writeNext(out: FrameOutput): 'more' | 'done' {
    if (!this.headerSent) {
      out.write(encodeWrite(this.requestId, this.blocks));
      this.headerSent = true;
    }
    for (let budget = TURN_BYTES; budget > 0 && this.blockIndex < this.blocks.length; ) {
      const bytes = (this.blocks[this.blockIndex] as BlockToWrite).bytes;
      const length = nextSliceBytes(bytes.length - this.offset, this.sliceBytes);
      if (length > 0) {
        out.write(encodeDataHeader(this.requestId, this.blockIndex, this.offset, length));
        out.write(bytes.subarray(this.offset, this.offset + length));
        this.progress += length;
      }
      this.offset += length;
      budget -= length;
      if (this.offset === bytes.length) {
        this.blockIndex++;
        this.offset = 0;
      }
    }
    return this.blockIndex < this.blocks.length ? 'more' : 'done';
  }

  dispose(): void {}

  override abandon(scheduler: OutboundScheduler): void {
    scheduler.cancel(this);
    super.abandon(scheduler);
  }

  onFrame(op: number, body: Buffer): Result<void, string> {
    if (op !== Op.writeResult) return err(`op 0x${op.toString(16)} in answer to WRITE ${this.requestId}`);
    const outcomes = parseWriteResult(body);
    if (!outcomes.ok) return outcomes;
    if (outcomes.value.length !== this.blocks.length) return err(`WRITE_RESULT of ${outcomes.value.length} for ${this.blocks.length} blocks`);
    this.complete(outcomes.value.map((outcome, i) => ({ key: (this.blocks[i] as BlockToWrite).key, ...outcome })));
    return ok(undefined);
  }
}
