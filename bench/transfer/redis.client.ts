import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { type BlockToWrite } from '@tsukimi/transfer';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

/** Where redis-server is installed, or undefined (`apt-get install -y redis-server`). */
export function findRedisServer(): string | undefined {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
}

/**
 * ioredis clients to the benchmark's redis-server, one connection each and as many as the plan
 * has: loads blocks with SET and reads them with pipelined GETs, pipelines spread over the
 * connections as our transport spreads requests.
 */
export class RedisBenchClient {
  private readonly counter = new WorkCounter();
  private nextClient = 0;

  private constructor(
    private readonly clients: readonly Redis[],
    private readonly plan: TransferPlan,
  ) {}

  static async connect(port: number, plan: TransferPlan): Promise<RedisBenchClient> {
    const clients = Array.from({ length: plan.connections }, () => {
      const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // Errors reach the command that hit them; the event would only repeat them.
      client.on('error', () => undefined);
      return client;
    });
    await Promise.all(clients.map((client) => client.connect()));
    return new RedisBenchClient(clients, plan);
  }

  async load(blocks: readonly BlockToWrite[]): Promise<void> {
    const client = this.clients[0] as Redis;
    await client.flushall();
    for (const block of blocks) await client.set(block.key, Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength));
  }

  /** GETs `keys` in the plan's pipelines; `consume` sees each value. Resolves to the bytes received. */
  getAll(keys: readonly string[], consume?: (bytes: Uint8Array) => void): Promise<number> {
    return inBatches(keys, this.plan, this.counter, async (batch) => {
      const client = this.clients[this.nextClient++ % this.clients.length] as Redis;
      const pipeline = client.pipeline();
      for (const key of batch) pipeline.getBuffer(key);
      let bytes = 0;
      for (const [error, value] of (await pipeline.exec()) ?? []) {
        if (error !== null || !Buffer.isBuffer(value)) throw new Error(`redis GET failed: ${String(error)}`);
        bytes += value.length;
        consume?.(value);
      }
      return bytes;
    });
  }

  work(): ReadWork {
    return this.counter.work();
  }

  /** Clients connected to the server as it counts them (this benchmark's only). */
  async serverConnections(): Promise<number> {
    const list = (await (this.clients[0] as Redis).client('LIST')) as string;
    return list.split('\n').filter((line) => line.trim() !== '').length;
  }

  /** Ends every connection (QUIT); resolves once the server has let them go. */
  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit()));
  }
}
