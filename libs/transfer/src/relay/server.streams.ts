import { type Socket } from 'node:net';
import { encodeFailure, encodeFrame, type Frame, FrameKind } from './relay.frame';
import { type RelayHandler, type RelayServerStream } from './relay.server';
import { RelayCode } from './relay.stream';
import { TurnWriter } from './turn.writer';

/** One stream on the server: writes frames while open, and hears of cancellation. */
class ServerStream implements RelayServerStream {
  private readonly controller = new AbortController();
  private readonly drainListeners: (() => void)[] = [];
  private open = true;

  constructor(
    private readonly id: number,
    private readonly writer: TurnWriter,
    private readonly closed: (id: number) => void,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  write(payload: Uint8Array): boolean {
    if (!this.open) return true;
    return this.writer.write(encodeFrame(FrameKind.Message, this.id, payload));
  }

  end(): void {
    if (this.finish()) this.writer.write(encodeFrame(FrameKind.End, this.id));
  }

  fail(code: number, details: string): void {
    if (this.finish()) this.writer.write(encodeFrame(FrameKind.Error, this.id, encodeFailure(code, details)));
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  drained(): void {
    for (const listener of this.drainListeners) listener();
  }

  /** The client cancelled or went away: nothing more is sent, the handler's signal fires. */
  abort(): void {
    this.finish();
    this.controller.abort();
  }

  private finish(): boolean {
    if (!this.open) return false;
    this.open = false;
    this.closed(this.id);
    return true;
  }
}

/** The streams of one accepted connection. */
export class ServerStreams {
  private readonly streams = new Map<number, ServerStream>();
  private readonly writer: TurnWriter;
  private destroyed = false;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RelayHandler,
    /** A stream of this connection ended, failed or was aborted. */
    private readonly onStreamClosed: () => void = () => undefined,
  ) {
    this.writer = new TurnWriter(socket);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  onFrame(frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.Open:
        return this.open(frame);
      case FrameKind.Cancel:
        this.streams.get(frame.streamId)?.abort();
        return;
      default:
        // A client sends only OPEN and CANCEL: anything else is a peer that does not speak the protocol.
        this.destroy();
    }
  }

  drained(): void {
    for (const stream of [...this.streams.values()]) stream.drained();
  }

  /** The connection is gone (or broke the protocol): every open stream is aborted. */
  destroy(): void {
    this.shut(() => this.socket.destroy());
  }

  /** The server closes: what this turn wrote still goes out (a stream's last frames), then the connection ends. */
  end(): void {
    this.shut(() => {
      this.writer.flush();
      this.socket.end();
    });
  }

  private shut(close: () => void): void {
    if (this.destroyed) return;
    this.destroyed = true;
    close();
    for (const stream of [...this.streams.values()]) stream.abort();
  }

  private open(frame: Frame): void {
    if (this.destroyed) return;
    if (this.streams.has(frame.streamId)) {
      this.writer.write(encodeFrame(FrameKind.Error, frame.streamId, encodeFailure(RelayCode.internal, `stream ${frame.streamId} is already open`)));
      return;
    }
    const stream = new ServerStream(frame.streamId, this.writer, (id) => {
      this.streams.delete(id);
      this.onStreamClosed();
    });
    this.streams.set(frame.streamId, stream);
    // The request is read by the handler after this turn perhaps: a copy, not a view of the chunk.
    this.handler(Buffer.from(frame.payload), stream);
  }
}
