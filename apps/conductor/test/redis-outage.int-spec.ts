import * as fs from 'node:fs';
import { credentials, Metadata } from '@grpc/grpc-js';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { type BlockKey } from '@tsukimi/kv-block';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { callUnary, type GetReply__Output, type GetRequest, tsukimiProto } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { httpGet, until } from '@tsukimi/service-kit/testing';
import { type ClusterUnderTest } from './cluster-under-test';
import { textTokens } from './greedy-completion';
import { poolIndex } from './pool-index.readyz';
import { promptText as text } from './prompt-text';
import { completionWithTokens } from './provenance.client';
import { indexedReference, redisSuite } from './redis-suite';
import { SteadyLoad } from './steady-load';

const BLOCK_SIZE_TOKENS = 16;
/** The prompt asked before Redis goes, and again once it is back empty. */
const SEED = 51;
const REPEATED = text(200, SEED);
const BLOCKS = Math.floor(REPEATED.length / BLOCK_SIZE_TOKENS);
/**
 * Every period of the pool is set short, so that this outage spans several of each: the leader
 * lease (1 s) 9 times, block leases (300 ms) 30 times, a node's heartbeat (100 ms) 90 times, the
 * node timeout (2 s) 4 times, the pending-put timeout (1 s) 9 times; and it is longer than the
 * master's Redis reconnect backoff, which grows by 100 ms a try up to 2 s. Past that, a longer
 * outage only repeats the same expiries and retries: this is a minute's outage, scaled. (A leader
 * lease under 1 s flaps on a loaded machine with Redis up, which would prove nothing.)
 */
const OUTAGE_MS = 9_000;
const POOL_PERIODS = ['--leader-lease-ttl-ms', '1000', '--lease-ttl-ms', '300', '--node-timeout-ms', '2000', '--pending-put-timeout-ms', '1000', '--maintenance-interval-ms', '100'];

/** How many of `keys` the master names a replica of on the storage node (a lookup, leasing for 1 ms). */
async function onNode(cluster: ClusterUnderTest, keys: readonly BlockKey[]): Promise<number> {
  const stub = new (tsukimiProto().tsukimi.v1.KvPool)(`127.0.0.1:${cluster.kvpool.grpcPort}`, credentials.createInsecure());
  try {
    const reply = await callUnary<GetRequest, GetReply__Output>((r, m, o, cb) => stub.get(r, m, o, cb), { keys: [...keys], leaseMs: 1 }, new Metadata(), 3_000);
    return reply.ok ? reply.value.items.filter((item) => item.replicas.some((r) => r.nodeId === 'pool-node-0')).length : 0;
  } finally {
    stub.close();
  }
}

describe('the kvpool master\'s Redis down for longer than every period of the pool', () => {
  const suite = redisSuite((redisUrl) => ({
    prefill: 1,
    decode: 1,
    // A master over Redis and a storage node apart from it: what the master knows again comes from the node.
    kvpoolArgs: ['--role', 'master', '--metadata', 'redis', '--redis-url', redisUrl, ...POOL_PERIODS],
    poolNodes: 1,
    // Engine memory of 48 blocks: the prompts served during the outage push the repeated one's blocks out, so afterwards they can come only from the pool.
    engineArgs: ['--arena-blocks', '48'],
    probeTimeoutMs: 3_000,
  }));

  it('serves every request throughout, and the master rebuilds its metadata from the node once Redis is back empty', async () => {
    const { cluster } = suite;
    const { reference, before } = await indexedReference(cluster, REPEATED, BLOCKS);
    const keys = expectOk(ReferenceEngine.fromGguf(fs.readFileSync(cluster.modelPath)), 'reference engine').blockKeys(textTokens(REPEATED.length, SEED), '');
    await until('the prompt\'s blocks on the storage node', async () => (await onNode(cluster, keys)) === BLOCKS);
    const load = SteadyLoad.on(cluster, { inFlight: 2, maxTokens: 8 });
    try {
      await until('requests served before the outage', () => load.succeededSince(0) >= 2);
      await suite.redis.kill();
      const lostAtMs = performance.now();
      // The master cannot renew its lease in Redis: it stops leading and says it is not ready, alive all the while.
      await until('the master no longer leading', async () => (await cluster.metric(cluster.kvpool, 'tsukimi_kvpool_leader')) === 0);
      expect((await httpGet(cluster.kvpool.httpPort, '/readyz')).status).toBe(503);
      expect((await httpGet(cluster.kvpool.httpPort, '/healthz')).status).toBe(200);
      await until('the outage spanning its length', () => performance.now() - lostAtMs >= OUTAGE_MS, 2 * OUTAGE_MS);
      const servedDuringOutage = load.sent.filter((s) => s.endedMs !== undefined && s.endedMs > lostAtMs).length;

      suite.redis = await RedisServerProcess.start({ port: suite.redis.port });
      await until('the master leading again', async () => (await cluster.metric(cluster.kvpool, 'tsukimi_kvpool_leader')) === 1, 20_000);
      await until('the kvpool ready again', async () => (await httpGet(cluster.kvpool.httpPort, '/readyz')).status === 200, 20_000);
      await load.stop();

      const failed = load.sent.filter((s) => load.unfinished(s));
      expect(failed.map((s) => s.error ?? s.finishReason)).toEqual([]);
      // At least one request a second of the outage, each one served in full.
      expect(servedDuringOutage).toBeGreaterThanOrEqual(OUTAGE_MS / 1000);
    } finally {
      await load.stop();
    }

    // Redis came back empty: the master learns the node's blocks again, the prompt's among them. A conductor
    // that starts now loads the master's snapshot, so what it finds is what the master knows, not what a conductor remembered.
    await until('the prompt\'s blocks known again on the storage node', async () => (await onNode(cluster, keys)) === BLOCKS, 20_000);
    const fresh = await cluster.conductorBeside('always');
    try {
      await until('the master\'s new log followed', async () => {
        const index = await poolIndex(fresh);
        return index.inStep && index.epoch !== before.epoch && index.blocks >= BLOCKS;
      }, 20_000);
      const again = await completionWithTokens(fresh, cluster.modelId, REPEATED, 8);
      expect(again.tokens).toEqual(reference.tokens);
      // Nothing recomputed, and what the prefill instance's own memory no longer holds (how much the load
      // pushed out of it depends on how many requests the machine served meanwhile) found through the pool:
      // read from the node's DRAM by the rebuilt metadata.
      const { device, dram, ssd } = again.provenance.reused_tokens;
      expect({ reused: device + dram, ssd }).toEqual({ reused: BLOCKS * BLOCK_SIZE_TOKENS, ssd: 0 });
      expect(dram).toBeGreaterThanOrEqual(BLOCK_SIZE_TOKENS);
    } finally {
      fresh.signal('SIGTERM');
      await fresh.waitForExit(20_000);
    }
  }, 90_000);
});
