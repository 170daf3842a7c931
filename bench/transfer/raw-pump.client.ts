import { connect, type Socket } from 'node:net';
import { ReceiveBufferPool, type ReceiveBuffer, type ReceiveBufferPoolStats } from '@tsukimi/transfer';
import { encodeRawRequest } from './raw-pump.server';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

interface RawRequest {
  remaining: number;
  readonly received: ReceiveBuffer[];
  readonly done: (error?: Error) => void;
}

/** One socket to the raw pump, its requests answered in the order they were sent. */
class RawConnection {
  readonly requests: RawRequest[] = [];
  readonly socket: Socket;
  private current: ReceiveBuffer | null = null;
  private filled = 0;

  constructor(
    port: number,
    private readonly blockBytes: number,
    private readonly pool: ReceiveBufferPool,
  ) {
    this.socket = connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: { buffer: () => this.nextBuffer(), callback: (n) => this.received(n) },
    });
    this.socket.on('error', (error) => this.failAll(error));
    this.socket.on('close', () => this.failAll(new Error('raw pump connection closed')));
  }

  private nextBuffer(): Buffer {
    this.current ??= this.pool.take(this.blockBytes);
    return this.current.bytes.subarray(this.filled);
  }

  private received(n: number): boolean {
    this.filled += n;
    if (this.filled < this.blockBytes || this.current === null) return true;
    const request = this.requests[0];
    if (request === undefined) {
      this.failAll(new Error('raw pump sent a block nobody asked for'));
      return true;
    }
    request.received.push(this.current);
    this.current = null;
    this.filled = 0;
    if (--request.remaining === 0) {
      this.requests.shift();
      request.done();
    }
    return true;
  }

  private failAll(error: Error): void {
    for (const request of this.requests.splice(0)) request.done(error);
  }
}

/**
 * The receiving end of the raw pump, doing what `OursClient` does minus the protocol: the plan's
 * connections, batches and requests in flight; libuv reads every block straight into memory
 * from a receive pool like the transport's (`onread`), and each block goes back to the pool once
 * its request completed and the block was consumed.
 */
export class RawPumpClient {
  private readonly pool: ReceiveBufferPool;
  private readonly counter = new WorkCounter();

  private constructor(
    private readonly connections: readonly RawConnection[],
    private readonly blockBytes: number,
    private readonly plan: TransferPlan,
    pool: ReceiveBufferPool,
  ) {
    this.pool = pool;
  }

  static async connect(port: number, blockBytes: number, plan: TransferPlan): Promise<RawPumpClient> {
    const pool = new ReceiveBufferPool({ budgetBytes: plan.receivePoolBytes });
    const connections = Array.from({ length: plan.connections }, () => new RawConnection(port, blockBytes, pool));
    await Promise.all(
      connections.map(
        ({ socket }) =>
          new Promise<void>((resolve, reject) => {
            socket.once('connect', () => {
              socket.off('error', reject);
              resolve();
            });
            socket.once('error', reject);
          }),
      ),
    );
    return new RawPumpClient(connections, blockBytes, plan, pool);
  }

  /**
   * Receives blocks 0…count-1 in the plan's batches; rejects on a socket error or after
   * `timeoutMs`. `consume` sees each block before it goes back to the pool. Resolves to the bytes received.
   */
  async fetch(count: number, timeoutMs: number, consume?: (bytes: Uint8Array) => void): Promise<number> {
    const indices = Array.from({ length: count }, (_, index) => index);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`raw pump took over ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([inBatches(indices, this.plan, this.counter, (batch) => this.request(batch, consume)), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  work(): ReadWork {
    return this.counter.work();
  }

  receivePoolStats(): ReceiveBufferPoolStats {
    return this.pool.stats();
  }

  /** Destroys every connection; resolves once all sockets have closed. */
  async close(): Promise<void> {
    await Promise.all(
      this.connections.map(({ socket }) => {
        const closed = socket.closed ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.destroy();
        return closed;
      }),
    );
    this.pool.close();
  }

  /** Asks the least busy connection for the contiguous blocks `batch`; then, as ours does, consumes and releases each. */
  private async request(batch: readonly number[], consume?: (bytes: Uint8Array) => void): Promise<number> {
    const connection = this.connections.reduce((best, candidate) => (candidate.requests.length < best.requests.length ? candidate : best));
    const received = await new Promise<readonly ReceiveBuffer[]>((resolve, reject) => {
      const blocks: ReceiveBuffer[] = [];
      connection.requests.push({ remaining: batch.length, received: blocks, done: (error) => (error === undefined ? resolve(blocks) : reject(error)) });
      connection.socket.write(encodeRawRequest(batch[0] ?? 0, batch.length));
    });
    let bytes = 0;
    for (const block of received) {
      bytes += block.bytes.length;
      consume?.(block.bytes);
      block.release();
    }
    return bytes;
  }
}
