import { err, ok, type Result } from '@tsukimi/result';
import { DATA_HEADER_BYTES, ITEM_FRAME_BYTES, Op, PREFIX_BYTES } from './frame.format';

/** What a connection does with the frames a FrameReader finds. An error drops the connection. */
export interface FrameSink {
  /** A control frame (anything but DATA); `body` is valid only during the call. */
  onControl(op: number, requestId: number, body: Buffer): Result<void, string>;
  /**
   * A DATA frame starts: where its payload goes, or null to drop it. The payload fills the first
   * `length` bytes; any bytes past them are room the reader may fill with what follows the
   * payload on the wire (then moves to its own buffer), so one read takes a payload and the next
   * frames. Offer room only in memory nothing else reads.
   */
  onDataStart(requestId: number, index: number, offset: number, length: number): Result<Uint8Array | null, string>;
  /** The payload announced by the last `onDataStart` has fully arrived. */
  onDataEnd(requestId: number, index: number, length: number): Result<void, string>;
}

export interface FrameReaderLimits {
  /** Largest control frame accepted, prefix included. */
  readonly maxControlBytes: number;
  /** Largest DATA payload accepted. */
  readonly maxSliceBytes: number;
}

/** Room for many small frames at once; bigger control frames get a buffer of their own. */
const SCRATCH_BYTES = 128 * 1024;
/**
 * Payloads at least this long are read by libuv straight into their destination. Shorter ones
 * are read in bulk into scratch together with the frames around them and copied out: for small
 * blocks (prompt blocks of a few KiB) one read syscall per several frames costs less than a copy,
 * while from here up the copy costs more than the two reads a block then takes.
 */
const DIRECT_PAYLOAD_BYTES = 32 * 1024;
/** How much to read into scratch at once after a short payload: enough for a few small blocks. */
const BULK_READ_BYTES = 64 * 1024;
/**
 * After a long payload, read just the frames that most likely come next (a found block's ITEM
 * and its first DATA header), so the following payload is not read into scratch and copied.
 * Where the sink offers room after the payload, these are read with the payload's last bytes.
 */
const HEADER_READ_BYTES = ITEM_FRAME_BYTES + DATA_HEADER_BYTES;

/**
 * Incremental frame decoder that decides where incoming bytes land. With `net.Socket`'s `onread`
 * option, ask `nextBuffer()` where to read and `commit(n)` once n bytes are there: long payloads
 * are then read by libuv straight into the buffer the sink chose, with no copy. Without it,
 * `push(chunk)` copies each chunk to the same places (one copy, no concatenation).
 */
export class FrameReader {
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  private start = 0;
  private end = 0;
  private mode: 'frames' | 'payload' | 'body' | 'failed' = 'frames';
  private failure = '';
  private target: Uint8Array | null = null;
  private targetPos = 0;
  private remaining = 0;
  /** Bytes after the current payload's end the sink let the reader use (at most HEADER_READ_BYTES). */
  private room = 0;
  /** Whether the last `nextBuffer()` handed out the payload's destination rather than scratch. */
  private direct = false;
  private readBytes = BULK_READ_BYTES;
  private current = { requestId: 0, index: 0, length: 0, op: 0 };
  private body: Buffer = this.scratch;

  constructor(
    private readonly sink: FrameSink,
    private readonly limits: FrameReaderLimits,
  ) {}

  /** Where the next incoming bytes must be written; never empty. Stable until `commit`. */
  nextBuffer(): Uint8Array {
    this.direct = this.mode === 'payload' && this.target !== null && this.current.length >= DIRECT_PAYLOAD_BYTES;
    if (this.direct && this.target !== null) return this.target.subarray(this.targetPos, this.targetPos + this.remaining + this.room);
    if (this.mode === 'body') return this.body.subarray(this.targetPos);
    if (this.mode === 'failed') return this.scratch;
    if (SCRATCH_BYTES - this.end < this.readBytes && this.start > 0) {
      this.scratch.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    return this.scratch.subarray(this.end, Math.min(SCRATCH_BYTES, this.end + this.readBytes));
  }

  /** `n` bytes were written at the start of the last `nextBuffer()`; runs the sink for every frame they complete. */
  commit(n: number): Result<void, string> {
    switch (this.mode) {
      case 'failed':
        return err(this.failure);
      case 'body':
        this.targetPos += n;
        if (this.targetPos < this.body.length) return ok(undefined);
        this.mode = 'frames';
        return this.check(this.sink.onControl(this.current.op, this.current.requestId, this.body)) ?? this.parse();
      case 'payload':
        if (this.direct) return this.commitDirect(n);
        this.end += n;
        return this.feedPayload() ?? this.parse();
      case 'frames':
        this.end += n;
        return this.parse();
    }
  }

  /** Feeds a chunk received the ordinary way; copies it where `nextBuffer` says. */
  push(chunk: Uint8Array): Result<void, string> {
    for (let offset = 0; offset < chunk.length; ) {
      const into = this.nextBuffer();
      const n = Math.min(into.length, chunk.length - offset);
      into.set(chunk.subarray(offset, offset + n));
      offset += n;
      const committed = this.commit(n);
      if (!committed.ok) return committed;
    }
    return ok(undefined);
  }

  private parse(): Result<void, string> {
    const s = this.scratch;
    while (this.mode === 'frames' && this.end - this.start >= PREFIX_BYTES) {
      const frameBytes = s.readUInt32LE(this.start);
      const op = s.readUInt8(this.start + 4);
      const requestId = s.readUInt32LE(this.start + 5);
      if (op === Op.data) {
        const length = frameBytes - (DATA_HEADER_BYTES - 4);
        if (length < 0 || length > this.limits.maxSliceBytes) return this.fail(`DATA frame of ${frameBytes} bytes`);
        if (this.end - this.start < DATA_HEADER_BYTES) break;
        const index = s.readUInt32LE(this.start + PREFIX_BYTES);
        const offset = s.readUInt32LE(this.start + PREFIX_BYTES + 4);
        this.start += DATA_HEADER_BYTES;
        const failed = this.startPayload(requestId, index, offset, length);
        if (failed) return failed;
        continue;
      }
      if (frameBytes < PREFIX_BYTES - 4 || frameBytes + 4 > this.limits.maxControlBytes) return this.fail(`control frame of ${frameBytes} bytes`);
      const totalBytes = frameBytes + 4;
      if (totalBytes > SCRATCH_BYTES) {
        this.startBody(op, requestId, totalBytes - PREFIX_BYTES);
        continue;
      }
      if (this.end - this.start < totalBytes) break;
      const body = s.subarray(this.start + PREFIX_BYTES, this.start + totalBytes);
      this.start += totalBytes;
      // A control frame (a missing block's ITEM, a write's result) is often followed by more of them: read in bulk again.
      this.readBytes = BULK_READ_BYTES;
      const failed = this.check(this.sink.onControl(op, requestId, body));
      if (failed) return failed;
    }
    if (this.start === this.end) this.start = this.end = 0;
    return ok(undefined);
  }

  /** `n` bytes landed in the payload's destination, any past the payload in the room after it. */
  private commitDirect(n: number): Result<void, string> {
    const payloadBytes = Math.min(n, this.remaining);
    if (n > payloadBytes && this.target !== null) {
      const after = this.targetPos + this.remaining;
      // Scratch is empty while a payload is read directly, so the frames after it start scratch.
      this.scratch.set(this.target.subarray(after, after + n - payloadBytes), this.end);
      this.end += n - payloadBytes;
    }
    this.targetPos += payloadBytes;
    this.remaining -= payloadBytes;
    return (this.remaining === 0 ? this.endPayload() : undefined) ?? this.parse();
  }

  private startPayload(requestId: number, index: number, offset: number, length: number): Result<void, string> | undefined {
    const target = this.sink.onDataStart(requestId, index, offset, length);
    if (!target.ok) return this.fail(target.error);
    this.current = { requestId, index, length, op: Op.data };
    this.target = target.value;
    this.targetPos = 0;
    this.remaining = length;
    this.room = target.value === null ? 0 : Math.max(0, Math.min(HEADER_READ_BYTES, target.value.length - length));
    this.mode = 'payload';
    this.readBytes = length >= DIRECT_PAYLOAD_BYTES && target.value !== null ? HEADER_READ_BYTES : BULK_READ_BYTES;
    return this.feedPayload();
  }

  /** Moves what scratch holds of the current payload to its destination (or drops it). */
  private feedPayload(): Result<void, string> | undefined {
    const n = Math.min(this.end - this.start, this.remaining);
    this.target?.set(this.scratch.subarray(this.start, this.start + n), this.targetPos);
    this.start += n;
    this.targetPos += n;
    this.remaining -= n;
    return this.remaining === 0 ? this.endPayload() : undefined;
  }

  private endPayload(): Result<void, string> | undefined {
    this.mode = 'frames';
    this.target = null;
    return this.check(this.sink.onDataEnd(this.current.requestId, this.current.index, this.current.length));
  }

  private startBody(op: number, requestId: number, bodyBytes: number): void {
    this.body = Buffer.allocUnsafe(bodyBytes);
    const buffered = this.end - this.start - PREFIX_BYTES;
    this.scratch.copy(this.body, 0, this.start + PREFIX_BYTES, this.end);
    this.current = { requestId, index: 0, length: bodyBytes, op };
    this.targetPos = buffered;
    this.mode = 'body';
    this.start = this.end = 0;
  }

  private check(result: Result<void, string>): Result<void, string> | undefined {
    return result.ok ? undefined : this.fail(result.error);
  }

  private fail(message: string): Result<void, string> {
    this.mode = 'failed';
    this.failure = message;
    return err(message);
  }
}
