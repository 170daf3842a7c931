import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type Endpoint } from '../../endpoint';
import { type TransferError } from '../../transfer.error';
import { type BlockToWrite, type KeyReadOutcome, type KeyWriteOutcome } from '../../transport.port';
import { ClientHandshake } from '../handshake/client.handshake';
import { OutboundScheduler } from '../outbound.scheduler';
import { parseFailed, parseHello } from '../protocol/frame.decode';
import { encodeHello } from '../protocol/frame.encode';
import { CONNECTION_REQUEST_ID, FRAME_LIMITS, Op } from '../protocol/frame.format';
import { FrameReader, type FrameSink } from '../protocol/frame.reader';
import { KEEPALIVE_DELAY_MS } from '../tcp.options';
import { type ClientRequest, type Complete, type InFlightRequest } from './client.request';
import { PendingRead } from './pending-read';
import { PendingWrite } from './pending-write';
import { type ReceiveBufferPool } from './receive-buffer.pool';
import { type CompiledTcpTransportOptions } from './tcp-transport.options';

/**
 * One pooled socket to a server, with many requests in flight (pipelining). Incoming payload is
 * read by libuv straight into each block's destination buffer (`onread`). A request that times
 * out is cancelled on the server; if the connection stayed silent meanwhile, it is retired so
 * that later requests get a fresh one.
 */
export class ClientConnection implements FrameSink {
  private readonly reader = new FrameReader(this, FRAME_LIMITS);
  private readonly socket: Socket;
  private readonly scheduler: OutboundScheduler;
  private readonly requests = new Map<number, InFlightRequest>();
  /** Set while the server's challenge is awaited; requests started meanwhile wait in `held`. */
  private readonly handshake: ClientHandshake | null;
  private readonly held = new Set<InFlightRequest>();
  private state: 'connecting' | 'open' | 'retired' | 'closed' = 'connecting';
  private greeted = false;
  private connected = false;
  private receivedBytes = 0;
  private lastRequestId = CONNECTION_REQUEST_ID;
  private failure: TransferError | null = null;
  /**
   * Runs while nothing is in flight and closes the connection after `idleTimeoutMs`. Not the
   * socket's own timeout: Node re-arms that on every read, a timer-list insert per chunk received.
   */
  private idleTimer: NodeJS.Timeout | null = null;
  private markClosed: () => void = () => undefined;
  /** Resolves once the socket has closed and every request in flight has been failed. */
  readonly whenClosed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly endpoint: Endpoint,
    private readonly options: CompiledTcpTransportOptions,
    private readonly receivePool: ReceiveBufferPool,
    private readonly closed: (connection: ClientConnection) => void,
  ) {
    this.handshake = options.secrets === undefined ? null : new ClientHandshake(options.secrets);
    // net.connect hands these to the Socket constructor, which passes the high-water mark on to its stream.
    const socketOptions: NetConnectOpts & { readonly writableHighWaterMark: number } = {
      host: endpoint.host,
      port: endpoint.port,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: KEEPALIVE_DELAY_MS,
      writableHighWaterMark: options.highWaterMarkBytes,
      onread: {
        buffer: () => (this.handshake?.pending ? this.handshake.nextBuffer() : this.reader.nextBuffer()),
        callback: (n) => (this.handshake?.pending ? this.onHandshakeRead(n) : this.onRead(n)),
      },
    };
    this.socket = connect(socketOptions);
    this.scheduler = new OutboundScheduler(this.socket);
    this.socket.setTimeout(options.connectTimeoutMs);
    // With a handshake, the connection counts as made once the proof is sent; a server that refuses it reads as a refusal.
    this.socket.on('connect', () => {
      if (this.handshake === null) this.opened();
    });
    this.socket.on('timeout', () => this.onTimeout());
    // The server ended the connection (e.g. a graceful close): no new requests, 'close' follows.
    this.socket.on('end', () => {
      if (this.state !== 'closed') this.state = 'retired';
    });
    this.socket.on('error', (error: Error) => this.fail(this.connected ? 'connection-lost' : 'connection-refused', error.message));
    this.socket.on('close', () => this.onClose());
    if (this.handshake === null) this.scheduler.writeControl(encodeHello());
  }

  /** Takes new requests: not retired, not closed. */
  get usable(): boolean {
    return this.state === 'connecting' || this.state === 'open';
  }

  get inFlight(): number {
    return this.requests.size;
  }

  read(keys: readonly BlockKey[], timeoutMs: number): Promise<Result<readonly KeyReadOutcome[], TransferError>> {
    return this.start(timeoutMs, (id, complete) => new PendingRead(id, keys, this.options.maxBlockBytes, this.receivePool, complete));
  }

  write(blocks: readonly BlockToWrite[], timeoutMs: number): Promise<Result<readonly KeyWriteOutcome[], TransferError>> {
    return this.start(timeoutMs, (id, complete) => new PendingWrite(id, blocks, this.options.sliceBytes, complete));
  }

  /** Fails everything in flight with `error` and drops the socket. */
  destroy(error: TransferError): void {
    this.failure ??= error;
    this.socket.destroy();
  }

  onControl(op: number, requestId: number, body: Buffer): Result<void, string> {
    if (!this.greeted) {
      if (op !== Op.hello) return err(`first frame has op 0x${op.toString(16)}, expected HELLO`);
      const hello = parseHello(body);
      this.greeted = hello.ok;
      return hello;
    }
    const request = this.requests.get(requestId);
    if (op === Op.failed) {
      const failed = parseFailed(body);
      if (!failed.ok || request === undefined) return failed.ok ? ok(undefined) : failed;
      request.abandon(this.scheduler);
      request.fail({ kind: 'remote-failure', endpoint: this.endpoint, ...failed.value });
      return ok(undefined);
    }
    if (op !== Op.item && op !== Op.writeResult) return err(`unexpected op 0x${op.toString(16)} from server`);
    // Answers to a request this side already gave up on are expected; they are dropped.
    return request === undefined ? ok(undefined) : request.onFrame(op, body);
  }

  onDataStart(requestId: number, index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    const request = this.requests.get(requestId);
    return request === undefined ? ok(null) : request.onDataStart(index, offset, length);
  }

  onDataEnd(requestId: number, index: number, length: number): Result<void, string> {
    this.requests.get(requestId)?.onDataEnd(index, length);
    return ok(undefined);
  }

  private start<T>(timeoutMs: number, build: (requestId: number, complete: Complete<T>) => ClientRequest<T>): Promise<Result<T, TransferError>> {
    return new Promise((resolve) => {
      if (!this.usable) {
        resolve(err(this.failure ?? { kind: 'connection-lost', endpoint: this.endpoint, message: 'connection closed' }));
        return;
      }
      const requestId = this.nextRequestId();
      let timer: NodeJS.Timeout | undefined;
      const request = build(requestId, (result) => {
        if (this.requests.get(requestId) !== request) return;
        this.requests.delete(requestId);
        clearTimeout(timer);
        resolve(result);
        this.destroyIfRetiredAndIdle();
        this.armIdleTimer();
      });
      // A deadline on time without progress, not on the whole request: a request sharing a busy
      // connection (a prompt's blocks written in turns with each other) or a slow link keeps moving
      // and finishes, however long it takes in all; one that moves nothing for timeoutMs (checked
      // every timeoutMs, so it fails within twice that) has a silent peer or a stalled link.
      const watch = (seen: number): void => {
        timer = setTimeout(() => (request.progress === seen ? this.timeOut(request, timeoutMs) : watch(request.progress)), timeoutMs);
      };
      watch(request.progress);
      request.receivedAtStart = this.receivedBytes;
      this.requests.set(requestId, request);
      this.disarmIdleTimer();
      if (this.handshake?.pending) this.held.add(request);
      else request.send(this.scheduler);
    });
  }

  private timeOut(request: InFlightRequest, timeoutMs: number): void {
    if (this.requests.get(request.requestId) !== request) return;
    if (!this.held.delete(request)) request.abandon(this.scheduler);
    if (this.receivedBytes === request.receivedAtStart && this.state !== 'closed') this.state = 'retired';
    request.fail({ kind: 'timeout', endpoint: this.endpoint, timeoutMs });
  }

  private nextRequestId(): number {
    do {
      this.lastRequestId = this.lastRequestId >= 0xffff_ffff ? 1 : this.lastRequestId + 1;
    } while (this.requests.has(this.lastRequestId));
    return this.lastRequestId;
  }

  private onRead(n: number): boolean {
    this.receivedBytes += n;
    const committed = this.reader.commit(n);
    if (!committed.ok) this.destroy({ kind: 'protocol-error', endpoint: this.endpoint, message: committed.error });
    return true;
  }

  private opened(): void {
    this.connected = true;
    if (this.state === 'connecting') this.state = 'open';
    this.socket.setTimeout(0);
    this.armIdleTimer();
  }

  private armIdleTimer(): void {
    if (this.idleTimer !== null || this.requests.size > 0 || !this.connected || this.state === 'closed') return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.requests.size === 0) this.destroy({ kind: 'connection-lost', endpoint: this.endpoint, message: 'idle connection closed' });
    }, this.options.idleTimeoutMs);
    // Like a socket's timeout, it does not keep the process alive.
    this.idleTimer.unref();
  }

  private disarmIdleTimer(): void {
    if (this.idleTimer === null) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private onHandshakeRead(n: number): boolean {
    const proof = (this.handshake as ClientHandshake).commit(n);
    if (!proof.ok) this.destroy({ kind: 'protocol-error', endpoint: this.endpoint, message: proof.error });
    else if (proof.value !== null) {
      this.scheduler.write(proof.value);
      this.scheduler.writeControl(encodeHello());
      this.opened();
      for (const request of this.held) request.send(this.scheduler);
      this.held.clear();
    }
    return true;
  }

  /** The socket's timeout covers connecting (and the handshake) only. */
  private onTimeout(): void {
    if (!this.connected) this.destroy({ kind: 'connection-refused', endpoint: this.endpoint, message: `connect timed out after ${this.options.connectTimeoutMs} ms` });
  }

  private fail(kind: 'connection-refused' | 'connection-lost', message: string): void {
    this.failure ??= { kind, endpoint: this.endpoint, message };
  }

  private destroyIfRetiredAndIdle(): void {
    if (this.state === 'retired' && this.requests.size === 0) this.destroy({ kind: 'connection-lost', endpoint: this.endpoint, message: 'connection retired' });
  }

  private onClose(): void {
    this.state = 'closed';
    this.disarmIdleTimer();
    this.held.clear();
    this.scheduler.close();
    const failure = this.failure ?? { kind: this.connected ? 'connection-lost' : 'connection-refused', endpoint: this.endpoint, message: 'connection closed by peer' };
    this.failure = failure;
    for (const request of [...this.requests.values()]) request.fail(failure);
    this.closed(this);
    this.markClosed();
  }
}
