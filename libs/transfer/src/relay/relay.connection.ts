import { connect, type Socket } from 'node:net';
import { ClientHandshake } from '../tcp/handshake/client.handshake';
import { RelayFrameReader } from './relay-frame.reader';
import { decodeFailure, encodeFrame, type Frame, FrameKind, RELAY_MAX_STREAM_ID } from './relay.frame';
import { type CompiledRelayOptions } from './relay.options';
import { RelayCode, RelayStream } from './relay.stream';
import { TurnWriter } from './turn.writer';

/**
 * One persistent connection from a client to a relay server, carrying many streams at once,
 * told apart by id. Streams opened before the connection is up (TCP, then the service-token
 * handshake) wait and go out once it is. When the connection fails, every stream on it gets an
 * `unavailable` error and the connection is done: the client opens a new one for later streams.
 */
export class RelayConnection {
  private readonly socket: Socket;
  private readonly writer: TurnWriter;
  private readonly reader: RelayFrameReader;
  private readonly handshake: ClientHandshake | null;
  private readonly streams = new Map<number, RelayStream>();
  private readonly held: Buffer[] = [];
  private state: 'connecting' | 'open' | 'closed' = 'connecting';
  private lastId = 0;

  constructor(
    host: string,
    port: number,
    private readonly options: CompiledRelayOptions,
    private readonly onClosed: (connection: RelayConnection) => void,
  ) {
    this.reader = new RelayFrameReader({ maxFrameBytes: options.maxFrameBytes });
    this.handshake = options.secrets === undefined ? null : new ClientHandshake(options.secrets);
    this.socket = connect({ host, port, noDelay: true, keepAlive: true });
    this.writer = new TurnWriter(this.socket);
    this.socket.setTimeout(options.connectTimeoutMs);
    this.socket.on('timeout', () => this.fail(`relay connection to ${host}:${port} not open within ${options.connectTimeoutMs} ms`));
    this.socket.on('connect', () => {
      if (this.handshake === null) this.opened();
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error: Error) => this.fail(`relay connection to ${host}:${port}: ${error.message}`));
    this.socket.on('end', () => this.fail(`relay connection to ${host}:${port} ended by the server`));
    this.socket.on('close', () => this.fail(`relay connection to ${host}:${port} closed`));
  }

  /** False once the connection failed or closed: open streams on a new one. */
  get usable(): boolean {
    return this.state !== 'closed';
  }

  /** Streams still open on this connection. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Opens a stream whose request is `payload`. */
  open(payload: Uint8Array): RelayStream {
    this.lastId = this.lastId >= RELAY_MAX_STREAM_ID ? 1 : this.lastId + 1;
    const stream = new RelayStream(this.lastId, (s) => this.cancel(s));
    this.streams.set(stream.id, stream);
    this.send(encodeFrame(FrameKind.Open, stream.id, payload));
    return stream;
  }

  close(): void {
    this.fail('relay connection closed by the client');
  }

  private cancel(stream: RelayStream): void {
    if (this.streams.delete(stream.id)) this.send(encodeFrame(FrameKind.Cancel, stream.id));
  }

  private send(frame: Buffer): void {
    if (this.state === 'open') this.writer.write(frame);
    else if (this.state === 'connecting') this.held.push(frame);
  }

  private opened(): void {
    if (this.state !== 'connecting') return;
    this.state = 'open';
    this.socket.setTimeout(0);
    for (const frame of this.held.splice(0)) this.writer.write(frame);
  }

  private onData(chunk: Buffer): void {
    let data = chunk;
    if (this.handshake?.pending) {
      const into = this.handshake.nextBuffer();
      const n = data.copy(into, 0, 0, into.length);
      const proof = this.handshake.commit(n);
      if (!proof.ok) return this.fail(proof.error);
      if (proof.value === null) return;
      this.socket.write(proof.value);
      this.opened();
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    const read = this.reader.push(data, (frame) => this.onFrame(frame));
    if (!read.ok) this.fail(read.error);
  }

  private onFrame(frame: Frame): void {
    const stream = this.streams.get(frame.streamId);
    if (stream === undefined) return; // cancelled here while the server was still sending
    switch (frame.kind) {
      case FrameKind.Message:
        stream.deliver({ kind: 'message', payload: frame.payload });
        return;
      case FrameKind.End:
        this.streams.delete(frame.streamId);
        stream.deliver({ kind: 'end' });
        return;
      case FrameKind.Error:
        this.streams.delete(frame.streamId);
        stream.deliver({ kind: 'error', ...decodeFailure(frame.payload) });
        return;
      default:
        this.fail(`relay server sent a client frame (kind ${frame.kind})`);
    }
  }

  private fail(details: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held.length = 0;
    this.socket.destroy();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const stream of streams) stream.deliver({ kind: 'error', code: RelayCode.unavailable, details });
    this.onClosed(this);
  }
}
