import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Metadata } from '@grpc/grpc-js';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { callUnary, type GetReply__Output, type GetRequest } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { httpGet, sampleValue, ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { TcpTransport } from '@tsukimi/transfer';
import { poolBlock, PoolProcesses } from './pool-processes';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const metricsOf = async (service: ServiceProcess) => (await httpGet(service.httpPort, '/metrics')).body;
/** What `promtool check metrics` says of an exposition: its exit status and anything it printed. */
function promtool(exposition: string): string {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8', timeout: 10_000 });
  return `exit ${run.status}${`${run.stdout}${run.stderr}`.trim()}`;
}
const sample = async (service: ServiceProcess, series: string) => sampleValue(await metricsOf(service), series) ?? 0;

describe('kvpool series: a Redis-backed leader and standby, and a node with DRAM and SSD tiers', () => {
  let redis: RedisServerProcess;
  let pool: PoolProcesses;
  let standby: ServiceProcess;
  let node: ServiceProcess;
  let ssdDir: string;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    ssdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-pool-metrics-'));
    const masterArgs = ['--metadata', 'redis', '--redis-url', redis.url];
    pool = await PoolProcesses.start(masterArgs);
    standby = await ServiceProcess.start({ entry: MAIN, args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--role', 'master', ...masterArgs] });
    // DRAM for three 4 KiB blocks: the rest of eight go to the SSD, and reading them back promotes them.
    node = await pool.startNode('node-a', ['--dram-bytes', '13KiB', '--ssd-dir', ssdDir, '--ssd-bytes', '1MiB']);
  }, 60_000);

  afterAll(async () => {
    await pool?.stop();
    standby?.signal('SIGTERM');
    await standby?.waitForExit(20_000).catch(() => standby.kill());
    await redis?.stop();
    fs.rmSync(ssdDir, { recursive: true, force: true });
  }, 60_000);

  it('counts hits and misses down the tiers, moves between them, evictions, transfers and their errors, leases, pins, leadership and Redis time', async () => {
    const client = pool.client();
    const blocks = Array.from({ length: 8 }, (_, i) => poolBlock(i + 1, 4096));
    expect(expectOk(await client.store(blocks.map((b) => b.key), (key) => blocks.find((b) => b.key === key)?.bytes), 'store').stored).toBe(8);
    const fetched = expectOk(await client.fetchPrefix([...blocks.map((b) => b.key), poolBlock(99, 4096).key]), 'fetch');
    expect(fetched).toHaveLength(8);
    expect(await pool.pin([blocks[0]!.key], 'hard')).toEqual(['ok']);

    // A client's block whose bytes do not match its key: the node refuses it as corrupt.
    const reply = expectOk(await callUnary<GetRequest, GetReply__Output>((r, m, o, cb) => pool.stub.get(r, m, o, cb), { keys: [blocks[0]!.key], leaseMs: 1 }, new Metadata(), 3_000), 'get');
    const replica = reply.items[0]!.replicas[0]!;
    const transport = new TcpTransport();
    const written = expectOk(await transport.write({ nodeId: replica.nodeId, host: replica.host, port: replica.port }, [{ key: poolBlock(50, 4096).key, bytes: blocks[1]!.bytes }], { timeoutMs: 3_000 }), 'write');
    await transport.close();
    expect(written).toEqual([{ key: poolBlock(50, 4096).key, status: 'rejected', reason: 'invalid-block' }]);
    // A peer that breaks the protocol: the node drops the connection and counts a failed transfer.
    await new Promise<void>((resolve) => {
      const socket = net.connect(replica.port, replica.host, () => socket.write(Buffer.alloc(64, 0xff)));
      // The node resets the connection; 'close' follows any error.
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    });

    const master = pool.master;
    // Eight found by the fetch (its ninth key is nowhere), one by the direct get.
    expect(await sample(master, 'tsukimi_kvpool_lookup_hits_total')).toBe(8 + 1);
    expect(await sample(master, 'tsukimi_kvpool_lookup_misses_total')).toBe(1);
    await until('the lease and pin census', async () => (await sample(master, 'tsukimi_kvpool_leased_blocks')) >= 8 && (await sample(master, 'tsukimi_kvpool_hard_pinned_blocks')) === 1);
    await until('a DRAM eviction at the master', async () => (await sample(master, 'tsukimi_kvpool_evictions_total{tier="dram"}')) >= 1);
    expect(await sample(master, 'tsukimi_kvpool_leader')).toBe(1);
    expect(await sample(standby, 'tsukimi_kvpool_leader')).toBe(0);
    expect(await sample(standby, 'tsukimi_kvpool_leased_blocks')).toBe(0);
    expect(await sample(master, 'tsukimi_kvpool_redis_seconds_count{operation="swapEntry"}')).toBeGreaterThan(0);
    expect(await sample(standby, 'tsukimi_kvpool_redis_seconds_count{operation="tryAcquire"}')).toBeGreaterThan(0);

    const text = await metricsOf(node);
    const at = (series: string) => sampleValue(text, series) ?? 0;
    // Every read looked in DRAM first; those DRAM did not hold were SSD hits, each promoted.
    expect(at('tsukimi_kvpool_hits_total{tier="dram"}') + at('tsukimi_kvpool_misses_total{tier="dram"}')).toBe(8);
    expect(at('tsukimi_kvpool_hits_total{tier="ssd"}')).toBe(at('tsukimi_kvpool_misses_total{tier="dram"}'));
    expect(at('tsukimi_kvpool_hits_total{tier="ssd"}')).toBeGreaterThanOrEqual(5);
    expect(at('tsukimi_kvpool_promotions_total{tier="dram"}')).toBe(at('tsukimi_kvpool_hits_total{tier="ssd"}'));
    expect(at('tsukimi_kvpool_demotions_total{tier="dram"}')).toBeGreaterThanOrEqual(5);
    expect(at('tsukimi_kvpool_transfer_bytes_total{direction="received"}')).toBe(blocks.reduce((sum, b) => sum + b.bytes.length, 0));
    expect(at('tsukimi_kvpool_transfer_bytes_total{direction="sent"}')).toBe(blocks.reduce((sum, b) => sum + b.bytes.length, 0));
    expect(at('tsukimi_kvpool_transfer_errors_total{reason="invalid-block"}')).toBe(1);
    expect(at('tsukimi_kvpool_corrupt_blocks_total{source="client"}')).toBe(1);
    await until('the protocol error counted', async () => (await sample(node, 'tsukimi_kvpool_transfer_errors_total{reason="protocol-error"}')) === 1);
    await until('eight blocks held', async () => (await sample(node, 'tsukimi_kvpool_held_blocks{tier="dram"}')) + (await sample(node, 'tsukimi_kvpool_held_blocks{tier="ssd"}')) === 8);

    for (const service of [master, standby, node]) expect(promtool(await metricsOf(service))).toBe('exit 0');
  }, 60_000);
});
