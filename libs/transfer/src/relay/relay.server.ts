import { createServer, type Server, type Socket } from 'node:net';
import { err, ok, type Result } from '@tsukimi/result';
import { HandshakeGate } from '../tcp/handshake/server.handshake';
import { type SharedSecrets } from '../tcp/handshake/shared-secret.port';
import { RelayFrameReader } from './relay-frame.reader';
import { DEFAULT_MAX_FRAME_BYTES } from './relay.options';
import { ServerStreams } from './server.streams';

/** A server stream as its handler sees it. */
export interface RelayServerStream {
  /** Sends one message; false once the connection's buffer is full (wait for `onDrain`). */
  write(payload: Uint8Array): boolean;
  /** Ends the stream normally; later calls do nothing. */
  end(): void;
  /** Ends the stream with an error (a gRPC status code and a reason); later calls do nothing. */
  fail(code: number, details: string): void;
  /** The client cancelled or the connection went away: stop producing. */
  readonly signal: AbortSignal;
  /** Runs `listener` each time the connection's buffer has room again. */
  onDrain(listener: () => void): void;
}

/** Opens the work a stream asks for; every stream must end with `end` or `fail`, or be cancelled. */
export type RelayHandler = (request: Buffer, stream: RelayServerStream) => void;

export interface RelayServerOptions {
  readonly handler: RelayHandler;
  /** Clients must prove they hold one of these before any frame is read; absent: no handshake. */
  readonly secrets?: SharedSecrets;
  /** Longest a client may take to prove itself. Default 5000. */
  readonly handshakeTimeoutMs?: number;
  readonly maxFrameBytes?: number;
}

/** Listens for relay connections; each connection carries the streams its client opens. */
export class RelayServer {
  private readonly server: Server;
  private readonly gate: HandshakeGate | undefined;
  private readonly sessions = new Set<ServerStreams>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: RelayServerOptions) {
    this.gate = options.secrets === undefined ? undefined : new HandshakeGate(options.secrets, options.handshakeTimeoutMs ?? 5000);
    this.server = createServer((socket) => {
      socket.setNoDelay(true);
      if (this.gate === undefined) this.serve(socket);
      else this.gate.admit(socket, (passed) => this.serve(passed), () => undefined);
    });
  }

  /** Listens on `port` (0: a free one); the port it got, or why it could not. */
  listen(port: number, host: string): Promise<Result<number, string>> {
    return new Promise((resolve) => {
      const onError = (error: Error) => resolve(err(`relay cannot listen on ${host}:${port}: ${error.message}`));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? ok(address.port) : err('relay server has no port'));
      });
    });
  }

  /** Streams open now, across connections. */
  get openStreams(): number {
    let open = 0;
    for (const session of this.sessions) open += session.openStreams;
    return open;
  }

  /**
   * Stops taking connections and waits for the open streams to end by themselves, at most
   * `timeoutMs`; then closes (a graceful stop: requests in flight finish, as gRPC's drain lets them).
   * True when every stream ended in time.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.server.close();
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => {
      if (this.openStreams === 0) return resolve(true);
      this.idleWaiters.push(() => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = await idle;
    clearTimeout(timer);
    await this.close();
    return drained;
  }

  /** Stops listening and ends every connection (frames already written still go out); open streams see their signal aborted. */
  close(): Promise<void> {
    this.gate?.destroyAll();
    for (const session of this.sessions) session.end();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private streamClosed(): void {
    if (this.idleWaiters.length === 0 || this.openStreams > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private serve(socket: Socket): void {
    const reader = new RelayFrameReader({ maxFrameBytes: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });
    const session = new ServerStreams(socket, this.options.handler, () => this.streamClosed());
    this.sessions.add(session);
    socket.on('close', () => {
      this.sessions.delete(session);
      session.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('drain', () => session.drained());
    const onData = (chunk: Buffer) => {
      const read = reader.push(chunk, (frame) => session.onFrame(frame));
      if (!read.ok) session.destroy();
    };
    socket.on('data', onData);
    // The handshake read the socket in paused mode; bytes sent right after the proof wait in it.
    socket.resume();
  }
}
