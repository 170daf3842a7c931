import * as path from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
import { KvPoolGrpcClient } from '@tsukimi/instance-kit';
import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { encodedBlock, encodedSize } from '@tsukimi/kv-store';
import { callUnary, type GetReply__Output, type GetRequest, type KvPoolClient, type ReadStatsReply__Output, type ReadStatsRequest, tsukimiProto } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { httpGet, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';
import { TcpTransport } from '@tsukimi/transfer';

const APPS = path.resolve(__dirname, '..', '..');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'];
const BLOCK_TOKENS = 64;
const BLOCK_BYTES = encodedSize(BLOCK_TOKENS);
/** One node's DRAM holds 16 blocks. */
const DRAM_BLOCKS = 16;
/** The scripted pattern: a loop over 48 blocks, read in turn 5 times. */
const LOOP = 48;
const ROUNDS = 5;

const app = (name: string, args: readonly string[]) => ServiceProcess.start({ entry: path.join(APPS, name, 'src', 'main.ts'), args, startTimeoutMs: 60_000 });

/**
 * A real kvpool master records the reuse distances of the keys gets ask for, and the conductor's
 * planner sizes the pool from them. The script reads a loop of 48 blocks five times, so every read
 * after the first round is at distance 47: an LRU cache of fewer than 48 blocks hits none of them,
 * one of 48 all. Only two of the blocks are stored: the rest are misses a bigger pool would have
 * hit, and belong on the curve as much. With nodes of 16 blocks, no single node more buys anything,
 * but three more buy 80 points: the planner (metrics mode) asks for one node more each slow tick.
 * It sizes the SSD behind the DRAM of those two nodes on the same curve: the histogram spreads the
 * 192 reads at distance 47 evenly over their bucket [32, 64), so the pool comes within a point of
 * the curve's best (0.8) only at 64 blocks, 16 of SSD behind each node's 16 of DRAM; the node
 * has no SSD tier, so that is up from none.
 */
describe('the kvpool master\'s reuse-distance histogram sizes the pool\'s nodes and their SSD', () => {
  let kvpool: ServiceProcess;
  let conductor: ServiceProcess;
  let stub: KvPoolClient;

  beforeAll(async () => {
    kvpool = await app('kvpool', [...LOOPBACK, '--reuse-sample-rate', '1', '--dram-bytes', String(DRAM_BLOCKS * BLOCK_BYTES)]);
    // Started before the script runs: until the master has sampled a read, the planner leaves the pool alone (no signal).
    conductor = await app('conductor', [
      ...LOOPBACK,
      '--kvpool-address', `127.0.0.1:${kvpool.grpcPort}`,
      // No instance is needed: the kvpool is sized from the master alone (the decode address answers nothing).
      '--decode', '127.0.0.1:9',
      '--disaggregation', 'never',
      '--planner', 'metrics',
      '--planner-slow-interval-ms', '1000',
      '--planner-scale-up-cooldown-ms', '0',
      '--planner-kvpool-max-replicas', '8',
    ]);
    stub = new (tsukimiProto().tsukimi.v1.KvPool)(`127.0.0.1:${kvpool.grpcPort}`, credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    stub?.close();
    for (const service of [conductor, kvpool]) service?.signal('SIGTERM');
    await Promise.all([conductor, kvpool].map((s) => s?.waitForExit(20_000).catch(() => s.kill())));
  }, 60_000);

  it('records the scripted pattern\'s exact histogram and the blocks\' hits; the planner wants more nodes from it, and SSD behind them', async () => {
    const metric = async (name: string) => sampleValue((await httpGet(conductor.httpPort, '/metrics')).body, name);
    // Nothing read yet: the curve says nothing and the planner has decided nothing for the pool.
    expect(await metric('tsukimi_planner_desired_replicas{role="kvpool"}')).toBeUndefined();
    expect(await metric('tsukimi_planner_desired_kvpool_bytes{tier="ssd"}')).toBeUndefined();
    const keys = Array.from({ length: LOOP }, (_, i) => blockKeyFromU64(BigInt(0x5eed0000 + i)));
    const transport = new TcpTransport();
    const writer = new KvPoolGrpcClient({ masters: [{ host: '127.0.0.1', port: kvpool.grpcPort! }], transport, timeoutMs: 5_000 });
    try {
      expect(await writer.store(keys.slice(0, 2), (key) => encodedBlock(key, BLOCK_TOKENS))).toEqual({ ok: true, value: { stored: 2, existing: 0 } });
    } finally {
      writer.close();
      await transport.close();
    }
    for (let round = 0; round < ROUNDS; round++) {
      const reply = expectOk(await callUnary<GetRequest, GetReply__Output>((r, m, o, cb) => stub.get(r, m, o, cb), { keys, leaseMs: 1 }, new Metadata(), 5_000), 'get');
      expect(reply.items.filter((item) => item.found)).toHaveLength(2);
    }

    const stats = expectOk(await callUnary<ReadStatsRequest, ReadStatsReply__Output>((r, m, o, cb) => stub.readStats(r, m, o, cb), { keys: keys.slice(0, 3) }, new Metadata(), 5_000), 'read stats');
    // Distance 47 falls in the bucket [32, 64): index 6.
    expect({ sampleRate: stats.sampleRate, coldReads: stats.coldReads, distanceCounts: stats.distanceCounts }).toEqual({ sampleRate: 1, coldReads: LOOP, distanceCounts: [0, 0, 0, 0, 0, 0, LOOP * (ROUNDS - 1)] });
    // Each stored block was hit once a round (decaying by minutes, so all but nothing of it is left); the third was never found.
    expect(stats.hits.map((h) => Math.round(h * 100) / 100)).toEqual([ROUNDS, ROUNDS, 0]);
    expect({ meanBlockBytes: stats.meanBlockBytes, storageNodes: stats.storageNodes, dramBytesPerNode: stats.dramBytesPerNode }).toEqual({ meanBlockBytes: BLOCK_BYTES, storageNodes: 1, dramBytesPerNode: DRAM_BLOCKS * BLOCK_BYTES });

    const deadline = Date.now() + 15_000;
    while ((await metric('tsukimi_planner_decisions_total{role="kvpool",direction="up",reason="hit-ratio-gain"}')) === undefined) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the planner\'s kvpool decision');
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
    }
    expect(await metric('tsukimi_planner_desired_replicas{role="kvpool"}')).toBe(2);
    // The same tick decided the SSD, after the nodes.
    expect(stats.ssdBytesPerNode).toBe(0);
    expect(await metric('tsukimi_planner_desired_kvpool_bytes{tier="ssd"}')).toBe(DRAM_BLOCKS * BLOCK_BYTES);
    expect(await metric('tsukimi_planner_kvpool_ssd_decisions_total{direction="up",reason="hit-ratio-gain"}')).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
