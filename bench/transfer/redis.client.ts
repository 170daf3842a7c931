import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { type BenchBlock } from './bench-blocks';

/** Where redis-server is installed, or undefined (`apt-get install -y redis-server`). */
export function findRedisServer(): string | undefined {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
}

/** An ioredis client to the benchmark's redis-server: loads blocks with SET and reads them with pipelined GETs. */
export class RedisBenchClient {
  private constructor(private readonly client: Redis) {}

  static async connect(port: number): Promise<RedisBenchClient> {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Errors reach the command that hit them; the event would only repeat them.
    client.on('error', () => undefined);
    await client.connect();
    return new RedisBenchClient(client);
  }

  async load(blocks: readonly BenchBlock[]): Promise<void> {
    await this.client.flushall();
    for (const block of blocks) await this.client.set(block.key, Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength));
  }

  /** GETs `keys` as pipelines of `batchKeys`, `concurrency` pipelines at a time; resolves to the bytes received. */
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

  close(): void {
    this.client.disconnect();
  }
}
