import { type Result, err, ok } from '@tsukimi/result';
import { BODY_HEADER_BYTES, type Frame, isFrameKind, LENGTH_BYTES } from './relay.frame';

export interface FrameReaderLimits {
  /** A body (kind, stream id, payload) longer than this ends the connection: no peer of ours sends one. */
  readonly maxFrameBytes: number;
}

/**
 * Cuts a byte stream into frames, however the socket split it: a frame may arrive in pieces, and
 * one read may hold many frames. A frame that is whole in one chunk is handed out as a view of it,
 * without a copy; only a frame split across reads is gathered. A bad frame (unknown kind, body
 * too short or too long) is a protocol error: the result says so and the connection should end.
 */
export class RelayFrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly limits: FrameReaderLimits) {}

  /** Feeds one chunk; `onFrame` runs for each frame it completes, in order. */
  push(chunk: Buffer, onFrame: (frame: Frame) => void): Result<void, string> {
    let data = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      data = Buffer.concat(this.pending, this.pendingBytes + chunk.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let at = 0;
    while (data.length - at >= LENGTH_BYTES) {
      const bodyBytes = data.readUInt32BE(at);
      if (bodyBytes < BODY_HEADER_BYTES) return err(`relay frame body of ${bodyBytes} bytes is shorter than its header`);
      if (bodyBytes > this.limits.maxFrameBytes) return err(`relay frame body of ${bodyBytes} bytes is over the limit of ${this.limits.maxFrameBytes}`);
      const end = at + LENGTH_BYTES + bodyBytes;
      if (end > data.length) break;
      const kind = data.readUInt8(at + LENGTH_BYTES);
      if (!isFrameKind(kind)) return err(`relay frame of unknown kind ${kind}`);
      onFrame({ kind, streamId: data.readUInt32BE(at + LENGTH_BYTES + 1), payload: data.subarray(at + LENGTH_BYTES + BODY_HEADER_BYTES, end) });
      at = end;
    }
    if (at < data.length) {
      // Copied: the socket may reuse the chunk's memory, and a view would keep a large chunk alive.
      const rest = Buffer.from(data.subarray(at));
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return ok(undefined);
  }

  /** Bytes of a frame begun but not whole yet. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
