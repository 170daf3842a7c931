import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { httpGet, until } from '@tsukimi/service-kit/testing';
import { promptText as text } from './prompt-text';
import { poolIndex } from './pool-index.readyz';
import { completionWithTokens } from './provenance.client';
import { indexedReference, redisSuite } from './redis-suite';

const BLOCK_SIZE_TOKENS = 16;
/** The prompt asked before Redis is lost, while it is gone and once it is back. */
const REPEATED = text(200, 31);
const BLOCKS = Math.floor(REPEATED.length / BLOCK_SIZE_TOKENS);

describe('the kvpool master\'s Redis lost while serving', () => {
  const suite = redisSuite((redisUrl) => ({
    prefill: 1,
    decode: 1,
    kvpoolArgs: ['--dram-bytes', '64MiB', '--metadata', 'redis', '--redis-url', redisUrl, '--leader-lease-ttl-ms', '1500'],
    probeTimeoutMs: 3_000,
  }));

  it('keeps serving while Redis is gone, and rebuilds the pool\'s metadata from its node once Redis is back empty', async () => {
    const { cluster } = suite;
    const { reference, before } = await indexedReference(cluster, REPEATED, BLOCKS);
    expect((await httpGet(cluster.kvpool.httpPort, '/readyz')).status).toBe(200);

    await suite.redis.kill();
    // New prompts, whose blocks the prefill instance cannot store, and the repeated one: all served, the cache degrading to recompute.
    for (let i = 0; i < 4; i++) expect((await completionWithTokens(cluster.conductor, cluster.modelId, text(120, 40 + i), 8)).tokens).toHaveLength(8);
    expect((await completionWithTokens(cluster.conductor, cluster.modelId, REPEATED, 8)).tokens).toEqual(reference.tokens);
    // The master says it cannot serve metadata: not ready, naming the pool check, while still alive.
    const down = await httpGet(cluster.kvpool.httpPort, '/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ ready: false, checks: { pool: { status: 'down' } } });
    expect((await httpGet(cluster.kvpool.httpPort, '/healthz')).status).toBe(200);

    suite.redis = await RedisServerProcess.start({ port: suite.redis.port });
    await until('the kvpool ready again', async () => (await httpGet(cluster.kvpool.httpPort, '/readyz')).status === 200, 40_000);
    // A conductor that starts now loads the master's snapshot: the metadata the node reported again, not what Redis lost.
    const fresh = await cluster.conductorBeside('always');
    try {
      await until('the repeated prompt\'s blocks in a fresh conductor\'s snapshot', async () => {
        const index = await poolIndex(fresh);
        return index.inStep && index.blocks >= BLOCKS;
      });
      // The conductor that followed the lost log is told it is gone (the master ends its stream) and loads the new one.
      const { epoch } = await poolIndex(fresh);
      expect(epoch).not.toBe(before.epoch);
      await until('the first conductor following the new log', async () => {
        const index = await poolIndex(cluster.conductor);
        return index.inStep && index.epoch === epoch && index.blocks >= BLOCKS;
      });
      const again = await completionWithTokens(fresh, cluster.modelId, REPEATED, 8);
      expect(again.tokens).toEqual(reference.tokens);
      expect(again.provenance.schedule?.branch).not.toBe('recompute');
    } finally {
      fresh.signal('SIGTERM');
      await fresh.waitForExit(20_000);
    }
  }, 150_000);
});
