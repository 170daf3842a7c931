import { type Socket } from 'node:net';

/** Where streams write frames; every frame is written whole within one `writeNext` call. */
export interface FrameOutput {
  /** Queues bytes on the socket without copying them; `onWritten` runs once they left or the socket died. */
  write(bytes: Uint8Array, onWritten?: (error?: Error | null) => void): void;
}

/**
 * Payload a stream writes in one turn before the next stream's: small blocks go out in runs of
 * about this much. One slice is the least a turn writes, so the larger of this and the slice size
 * is how long another request on the connection waits.
 */
export const TURN_BYTES = 1024 * 1024;

/** A request's outgoing frames, sent in turns so that one large block cannot hold up the others. */
export interface OutboundStream {
  /**
   * Writes the next unit (a few frames: about TURN_BYTES of payload, or one slice). Returns `more` to
   * be called again, `waiting` when it will ask to be woken, `done` when it has nothing left.
   */
  writeNext(out: FrameOutput): 'more' | 'waiting' | 'done';
  /** The stream was cancelled or the connection closed before it finished: let go of what it holds. */
  dispose(): void;
}

/**
 * Round-robin writer of a connection's outbound streams. Respects backpressure: once
 * `socket.write` reports the socket's high-water mark it stops until 'drain'. Writes within a turn
 * are corked so header and payload go out in one writev.
 */
export class OutboundScheduler implements FrameOutput {
  private readonly queue: OutboundStream[] = [];
  private readonly queued = new Set<OutboundStream>();
  private readonly active = new Set<OutboundStream>();
  private blocked = false;
  private scheduled = false;
  private closed = false;

  constructor(private readonly socket: Socket) {
    socket.on('drain', () => {
      this.blocked = false;
      this.pump();
    });
  }

  /** Streams started and not yet done or cancelled. */
  get activeCount(): number {
    return this.active.size;
  }

  add(stream: OutboundStream): void {
    if (this.closed) {
      stream.dispose();
      return;
    }
    this.active.add(stream);
    this.wake(stream);
  }

  /** A `waiting` stream has something to write again. */
  wake(stream: OutboundStream): void {
    if (!this.active.has(stream) || this.queued.has(stream)) return;
    this.queue.push(stream);
    this.queued.add(stream);
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(() => this.pump());
  }

  /** Stops a stream between frames and disposes it; frames already written still go out. */
  cancel(stream: OutboundStream): void {
    if (!this.active.delete(stream)) return;
    this.queued.delete(stream);
    stream.dispose();
  }

  /** A small control frame, written at once ahead of queued payload. */
  writeControl(frame: Uint8Array): void {
    if (!this.closed && this.socket.writable) this.write(frame);
  }

  write(bytes: Uint8Array, onWritten?: (error?: Error | null) => void): void {
    if (!this.socket.write(bytes, onWritten)) this.blocked = true;
  }

  /** The connection is gone: dispose every stream. */
  close(): void {
    this.closed = true;
    for (const stream of this.active) stream.dispose();
    this.active.clear();
    this.queued.clear();
    this.queue.length = 0;
  }

  private pump(): void {
    this.scheduled = false;
    if (this.blocked || this.closed || !this.socket.writable) return;
    this.socket.cork();
    while (!this.blocked && this.queue.length > 0) {
      const stream = this.queue.shift() as OutboundStream;
      if (!this.queued.delete(stream)) continue;
      const state = stream.writeNext(this);
      if (state === 'more') {
        this.queue.push(stream);
        this.queued.add(stream);
      } else if (state === 'done') {
        this.active.delete(stream);
      }
    }
    this.socket.uncork();
  }
}
