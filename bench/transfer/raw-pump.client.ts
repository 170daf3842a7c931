import { connect, type Socket } from 'node:net';

/**
 * The receiving end of the raw pump: asks for all blocks with one byte and assembles each into
 * one buffer of its size, copying from the socket's chunks as any plain Node receiver would.
 */
export class RawPumpClient {
  private current: Buffer | null = null;
  private filled = 0;
  private remainingBlocks = 0;
  private done: ((error?: Error) => void) | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly blockBytes: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.finish(error));
    socket.on('close', () => this.finish(new Error('raw pump connection closed')));
  }

  static connect(port: number, blockBytes: number): Promise<RawPumpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => {
        socket.off('error', reject);
        resolve(new RawPumpClient(socket, blockBytes));
      });
      socket.once('error', reject);
    });
  }

  /** Receives `count` blocks; rejects on a socket error or after `timeoutMs`. */
  fetch(count: number, timeoutMs: number): Promise<void> {
    this.remainingBlocks = count;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.finish(new Error(`raw pump took over ${timeoutMs} ms`)), timeoutMs);
      this.done = (error) => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.socket.write(Buffer.from([1]));
    });
  }

  close(): void {
    this.done = null;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    for (let offset = 0; offset < chunk.length; ) {
      this.current ??= Buffer.allocUnsafe(this.blockBytes);
      const n = Math.min(chunk.length - offset, this.blockBytes - this.filled);
      chunk.copy(this.current, this.filled, offset, offset + n);
      offset += n;
      this.filled += n;
      if (this.filled < this.blockBytes) continue;
      this.current = null;
      this.filled = 0;
      if (--this.remainingBlocks === 0) this.finish();
    }
  }

  private finish(error?: Error): void {
    const done = this.done;
    this.done = null;
    done?.(error);
  }
}
