import { type Socket } from 'node:net';
import { err, ok, type Result } from '@tsukimi/result';
import { type RemoteFailureCode } from '../../transfer.error';
import { OutboundScheduler } from '../outbound.scheduler';
import { parseHello, parseRead, parseWrite } from '../protocol/frame.decode';
import { encodeFailed, encodeHello, encodeWriteResult } from '../protocol/frame.encode';
import { CONNECTION_REQUEST_ID, FRAME_LIMITS, Op } from '../protocol/frame.format';
import { FrameReader, type FrameSink } from '../protocol/frame.reader';
import { KEEPALIVE_DELAY_MS } from '../tcp.options';
import { ReadResponseStream } from './read-response.stream';
import { type ReceiveBudget } from './receive.budget';
import { type CompiledTcpTransferServerOptions } from './tcp-server.options';
import { type MutableTransferServerStats } from './transfer-server.stats';
import { WriteRequestReceiver } from './write-request.receiver';

export interface ServerConnectionContext {
  readonly options: CompiledTcpTransferServerOptions;
  readonly stats: MutableTransferServerStats;
  /** Shared by every connection of the server. */
  readonly receiveBudget: ReceiveBudget;
  /** The socket closed, for whatever reason. */
  closed(connection: ServerConnection): void;
}

/**
 * One accepted client. Runs its requests concurrently: READ answers interleave slice by slice,
 * WRITE blocks are received straight into their own buffers. A frame that breaks the protocol
 * drops this connection only.
 */
export class ServerConnection implements FrameSink {
  private readonly reader = new FrameReader(this, FRAME_LIMITS);
  private readonly scheduler: OutboundScheduler;
  private readonly reads = new Map<number, ReadResponseStream>();
  private readonly writes = new Map<number, WriteRequestReceiver>();
  private greeted = false;
  private closing = false;
  private markClosed: () => void = () => undefined;
  /** Resolves once the socket has closed and the connection let go of everything it held. */
  readonly whenClosed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly socket: Socket,
    private readonly context: ServerConnectionContext,
  ) {
    this.scheduler = new OutboundScheduler(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    socket.setTimeout(context.options.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => {
      const pushed = this.reader.push(chunk);
      if (!pushed.ok) this.protocolError();
    });
    socket.on('timeout', () => {
      if (this.inFlight === 0) socket.destroy();
    });
    // The client sees the failure on its side; here the 'close' that follows is what matters.
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose());
  }

  get inFlight(): number {
    return this.reads.size + this.writes.size;
  }

  /** Refuse new requests, finish those in flight, then end the connection. */
  beginClose(): void {
    this.closing = true;
    this.endIfIdle();
  }

  destroy(): void {
    this.socket.destroy();
  }

  onControl(op: number, requestId: number, body: Buffer): Result<void, string> {
    if (!this.greeted) {
      if (op !== Op.hello) return err(`first frame has op 0x${op.toString(16)}, expected HELLO`);
      const hello = parseHello(body);
      if (!hello.ok) return hello;
      this.greeted = true;
      this.scheduler.writeControl(encodeHello());
      return ok(undefined);
    }
    switch (op) {
      case Op.read:
        return this.startRead(requestId, body);
      case Op.write:
        return this.startWrite(requestId, body);
      case Op.cancel:
        this.cancel(requestId);
        return ok(undefined);
      default:
        return err(`unexpected op 0x${op.toString(16)}`);
    }
  }

  onDataStart(requestId: number, index: number, offset: number, length: number): Result<Uint8Array | null, string> {
    const receiver = this.writes.get(requestId);
    if (receiver === undefined) return err(`DATA for request ${requestId}, which is not a write in flight`);
    return receiver.sliceTarget(index, offset, length);
  }

  onDataEnd(requestId: number, index: number, length: number): Result<void, string> {
    this.writes.get(requestId)?.sliceReceived(index, length);
    return ok(undefined);
  }

  private startRead(requestId: number, body: Buffer): Result<void, string> {
    const fresh = this.checkFreshId(requestId);
    if (!fresh.ok) return fresh;
    const keys = parseRead(body);
    if (!keys.ok) return keys;
    if (this.refuse(requestId, keys.value.length)) return ok(undefined);
    this.context.stats.readRequestsTotal++;
    const stream: ReadResponseStream = new ReadResponseStream(requestId, this.context.options.sliceBytes, {
      wake: () => this.scheduler.wake(stream),
      finished: () => this.requestDone(() => this.reads.delete(requestId)),
    });
    this.reads.set(requestId, stream);
    stream.start(this.context.options.store.reader, keys.value);
    this.scheduler.add(stream);
    return ok(undefined);
  }

  private startWrite(requestId: number, body: Buffer): Result<void, string> {
    const fresh = this.checkFreshId(requestId);
    if (!fresh.ok) return fresh;
    const entries = parseWrite(body);
    if (!entries.ok) return entries;
    // A refused write's blocks are already on their way: receive and drop them until the client cancels.
    const refused = this.refuse(requestId, entries.value.length);
    if (!refused) this.context.stats.writeRequestsTotal++;
    const receiver = new WriteRequestReceiver(
      entries.value,
      this.context.options.store.writer,
      { maxBlockBytes: this.context.options.maxBlockBytes, budget: this.context.receiveBudget, discardAll: refused },
      (outcomes) =>
        this.requestDone(() => {
          if (this.writes.get(requestId) !== receiver) return;
          this.writes.delete(requestId);
          if (outcomes !== null) this.scheduler.writeControl(encodeWriteResult(requestId, outcomes));
        }),
    );
    this.writes.set(requestId, receiver);
    receiver.start();
    return ok(undefined);
  }

  private checkFreshId(requestId: number): Result<void, string> {
    if (requestId === CONNECTION_REQUEST_ID || this.reads.has(requestId) || this.writes.has(requestId)) {
      return err(`request id ${requestId} is reserved or already in flight`);
    }
    return ok(undefined);
  }

  /** Answers FAILED instead of starting a request the server will not take on; true if it did. */
  private refuse(requestId: number, keyCount: number): boolean {
    const { maxKeysPerRequest, maxRequestsPerConnection } = this.context.options;
    let code: RemoteFailureCode | null = null;
    if (this.closing) code = 'shutting-down';
    else if (keyCount > maxKeysPerRequest) code = 'too-many-keys';
    else if (this.inFlight >= maxRequestsPerConnection) code = 'too-many-requests';
    if (code === null) return false;
    this.context.stats.refusedRequestsTotal++;
    this.scheduler.writeControl(encodeFailed(requestId, code, `${code} (${keyCount} keys, ${this.inFlight} requests in flight)`));
    return true;
  }

  private cancel(requestId: number): void {
    const stream = this.reads.get(requestId);
    if (stream !== undefined) this.scheduler.cancel(stream);
    this.writes.get(requestId)?.cancel();
    this.requestDone(() => {
      this.reads.delete(requestId);
      this.writes.delete(requestId);
    });
  }

  private requestDone(forget: () => void): void {
    forget();
    // Deferred: a stream finishes inside the scheduler's corked turn, where ending the socket is premature.
    if (this.closing) process.nextTick(() => this.endIfIdle());
  }

  private endIfIdle(): void {
    if (this.closing && this.inFlight === 0 && !this.socket.writableEnded) this.socket.end();
  }

  private protocolError(): void {
    this.context.stats.protocolErrorsTotal++;
    this.socket.destroy();
  }

  private onClose(): void {
    this.scheduler.close();
    for (const receiver of this.writes.values()) receiver.cancel();
    this.reads.clear();
    this.writes.clear();
    this.context.closed(this);
    this.markClosed();
  }
}
