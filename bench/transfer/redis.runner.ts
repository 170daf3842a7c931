import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { type BenchBlock } from './bench-blocks';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** A redis-server the benchmark starts for itself, and an ioredis client to it. */
export class RedisRunner {
  private constructor(
    private readonly server: ChildProcess,
    private readonly client: Redis,
  ) {}

  /** Null when redis-server is not installed (`apt-get install -y redis-server`). */
  static async start(): Promise<RedisRunner | null> {
    if (REDIS_SERVER === undefined) return null;
    const port = await freePort();
    const server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connects while redis-server starts are retried below; later errors fail the GETs themselves.
    client.on('error', () => undefined);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await client.connect();
        await client.ping();
        return new RedisRunner(server, client);
      } catch (error) {
        client.disconnect();
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  async load(blocks: readonly BenchBlock[]): Promise<void> {
    await this.client.flushall();
    for (const block of blocks) await this.client.set(block.key, Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength));
  }

  /** GETs `keys` as pipelined batches of `batchKeys`, `concurrency` batches at a time; returns bytes received. */
  async getAll(keys: readonly string[], batchKeys: number, concurrency: number): Promise<number> {
    let next = 0;
    let bytes = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const batch = keys.slice(next, next + batchKeys);
        next += batchKeys;
        const pipeline = this.client.pipeline();
        for (const key of batch) pipeline.getBuffer(key);
        for (const [error, value] of (await pipeline.exec()) ?? []) {
          if (error !== null || !Buffer.isBuffer(value)) throw new Error(`redis GET failed: ${String(error)}`);
          bytes += value.length;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return bytes;
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    const exited = new Promise((resolve) => this.server.once('exit', resolve));
    this.server.kill('SIGTERM');
    await exited;
  }
}
