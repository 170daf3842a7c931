import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { MemoryBlockStore, SharedSegment, TcpTransferServer } from '@tsukimi/transfer';
import { benchBlocks } from './bench-blocks';
import { MemoryCopyClient } from './memory-copy.client';
import { OursClient } from './ours.client';
import { RawPumpClient } from './raw-pump.client';
import { listenRawPump, type RawPumpServer } from './raw-pump.server';
import { RedisBenchClient } from './redis.client';
import { transferPlan, type TransferPlan } from './transfer.plan';

// The benchmark's baselines must do the work ours does, or its ratios say nothing: each
// contender reads the same blocks through the same plan, and this checks what each really did.
const PAYLOAD_BYTES = 64 * 1024;
const COUNT = 64;
const TIMEOUT_MS = 20_000;
const blocks = benchBlocks(PAYLOAD_BYTES, COUNT);
const keys = blocks.map((block) => block.key);
const totalBytes = blocks.reduce((sum, block) => sum + block.bytes.length, 0);
const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const expectedDigests = blocks.map((block) => digest(block.bytes)).sort();
// Batches of 8 keys, 4 in flight: 8 requests, so every request in flight is exercised and buffers come back for reuse.
const plan: TransferPlan = transferPlan(PAYLOAD_BYTES, 8);

/** Runs `read` once, collecting a digest of every block it handed to its consumer. */
async function readOnce(read: (consume: (bytes: Uint8Array) => void) => Promise<number>): Promise<{ bytes: number; digests: string[] }> {
  const digests: string[] = [];
  const bytes = await read((block) => digests.push(digest(block)));
  return { bytes, digests: digests.sort() };
}

describe('transfer benchmark: every contender reads by the same plan', () => {
  let server: TcpTransferServer;
  let pump: RawPumpServer;
  let redis: RedisServerProcess;
  let ours: OursClient;
  let raw: RawPumpClient;
  let redisClient: RedisBenchClient;

  beforeAll(async () => {
    const store = new MemoryBlockStore();
    for (const block of blocks) store.writeBlock(block.key, block.bytes);
    const listening = await TcpTransferServer.listen({ store, port: 0 });
    if (!listening.ok) throw new Error(listening.error.message);
    server = listening.value;
    pump = await listenRawPump(blocks.map((block) => block.bytes));
    redis = await RedisServerProcess.start();
    ours = new OursClient(server.port, plan);
    raw = await RawPumpClient.connect(pump.port, blocks[0]?.bytes.length ?? 0, plan);
    redisClient = await RedisBenchClient.connect(redis.port, plan);
    await redisClient.load(blocks);
  });

  afterAll(async () => {
    await ours.close();
    await raw.close();
    await redisClient.close();
    await server.close();
    await pump.close();
    await redis.stop();
  });

  it('moves the same blocks, byte for byte, in every contender', async () => {
    const results = [
      await readOnce((consume) => ours.readAll(keys, TIMEOUT_MS, consume)),
      await readOnce((consume) => raw.fetch(COUNT, TIMEOUT_MS, consume)),
      await readOnce((consume) => redisClient.getAll(keys, consume)),
    ];
    for (const result of results) expect(result).toEqual({ bytes: totalBytes, digests: expectedDigests });
  });

  it('sends the same requests, as many in flight at once, over as many connections as the transport keeps', async () => {
    const requests = Math.ceil(COUNT / plan.batchKeys);
    await ours.readAll(keys, TIMEOUT_MS);
    await raw.fetch(COUNT, TIMEOUT_MS);
    await redisClient.getAll(keys);
    for (const work of [ours.work(), raw.work(), redisClient.work()]) {
      expect(work.peakInFlight).toBe(plan.concurrency);
      expect(work.requests % requests).toBe(0);
    }
    expect(ours.work().requests).toBe(raw.work().requests);
    expect(raw.work().requests).toBe(redisClient.work().requests);
    expect(plan.connections).toBeGreaterThan(1);
    expect(ours.connectionCount()).toBe(plan.connections);
    expect(server.stats().acceptedConnectionsTotal).toBe(plan.connections);
    expect(pump.acceptedConnections()).toBe(plan.connections);
    expect(await redisClient.serverConnections()).toBe(plan.connections);
  });

  it('reuses receive memory in ours and in the raw pump alike, never holding more than the requests in flight', async () => {
    await ours.readAll(keys, TIMEOUT_MS);
    await raw.fetch(COUNT, TIMEOUT_MS);
    const held = plan.concurrency * plan.batchKeys;
    for (const stats of [ours.receivePoolStats(), raw.receivePoolStats()]) {
      expect(stats.reused).toBeGreaterThan(0);
      expect(stats.allocated).toBeLessThanOrEqual(held);
    }
  });
});

describe('transfer benchmark: a same-host read and the in-memory copy do the same work', () => {
  let server: TcpTransferServer;
  let dir: string;
  let sameHost: OursClient;
  let copy: MemoryCopyClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tsukimi-plan-segment-'));
    const segment = new SharedSegment(dir);
    const store = new MemoryBlockStore();
    for (const block of blocks) {
      store.writeBlock(block.key, block.bytes);
      segment.publish(block.key, block.bytes);
    }
    const listening = await TcpTransferServer.listen({ store, port: 0 });
    if (!listening.ok) throw new Error(listening.error.message);
    server = listening.value;
    sameHost = new OursClient(server.port, plan, { hostId: hostname(), dir });
    copy = new MemoryCopyClient(blocks, plan);
  });

  afterAll(async () => {
    await sameHost.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the same blocks byte for byte, each copied once, the same-host reader touching no socket', async () => {
    const results = [await readOnce((consume) => sameHost.readAll(keys, TIMEOUT_MS, consume)), await readOnce((consume) => copy.copyAll(consume))];
    for (const result of results) expect(result).toEqual({ bytes: totalBytes, digests: expectedDigests });
    expect(sameHost.sameHostStats()).toEqual({ blocksFromSegment: COUNT, blocksFallenBack: 0 });
    expect(copy.copies()).toBe(COUNT);
    expect(server.stats().acceptedConnectionsTotal).toBe(0);
  });

  it('sends the same batches, as many in flight at once', async () => {
    await sameHost.readAll(keys, TIMEOUT_MS);
    await copy.copyAll();
    expect(sameHost.work()).toEqual(copy.work());
    expect(copy.work().peakInFlight).toBe(plan.concurrency);
    expect(copy.work().requests % Math.ceil(COUNT / plan.batchKeys)).toBe(0);
  });
});
