import { connect, type Socket } from 'node:net';

/**
 * The receiving end of the raw pump: asks for all blocks with one byte and has libuv read them
 * straight into one fresh buffer per block (`onread`), so it delivers what our transport
 * delivers (every block in a buffer of its own) at the least cost Node allows: no framing, no
 * requests, no copy out of socket chunks.
 */
export class RawPumpClient {
  private current: Buffer | null = null;
  private filled = 0;
  private remainingBlocks = 0;
  private done: ((error?: Error) => void) | null = null;

  private readonly socket: Socket;

  private constructor(
    port: number,
    private readonly blockBytes: number,
  ) {
    this.socket = connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: { buffer: () => this.nextBuffer(), callback: (n) => this.received(n) },
    });
    this.socket.on('error', (error) => this.finish(error));
    this.socket.on('close', () => this.finish(new Error('raw pump connection closed')));
  }

  static connect(port: number, blockBytes: number): Promise<RawPumpClient> {
    const client = new RawPumpClient(port, blockBytes);
    return new Promise((resolve, reject) => {
      client.socket.once('connect', () => {
        client.socket.off('error', reject);
        resolve(client);
      });
      client.socket.once('error', reject);
    });
  }

  /** Receives `count` blocks; rejects on a socket error or after `timeoutMs`. Resolves to the bytes received. */
  fetch(count: number, timeoutMs: number): Promise<number> {
    this.remainingBlocks = count;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => this.finish(new Error(`raw pump took over ${timeoutMs} ms`)), timeoutMs);
      this.done = (error) => {
        clearTimeout(timer);
        if (error === undefined) resolve(count * this.blockBytes);
        else reject(error);
      };
      this.socket.write(Buffer.from([1]));
    });
  }

  close(): void {
    this.done = null;
    this.socket.destroy();
  }

  private nextBuffer(): Buffer {
    this.current ??= Buffer.allocUnsafe(this.blockBytes);
    return this.current.subarray(this.filled);
  }

  private received(n: number): boolean {
    this.filled += n;
    if (this.filled < this.blockBytes) return true;
    this.current = null;
    this.filled = 0;
    if (--this.remainingBlocks === 0) this.finish();
    return true;
  }

  private finish(error?: Error): void {
    const done = this.done;
    this.done = null;
    done?.(error);
  }
}
