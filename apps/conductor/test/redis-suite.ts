import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { ClusterUnderTest, type ClusterUnderTestOptions } from './cluster-under-test';
import { poolIndex } from './pool-index.readyz';
import { completionWithTokens } from './provenance.client';
import { until } from '@tsukimi/service-kit/testing';

/** A cluster whose kvpool master keeps its metadata in a Redis the suite owns; a test may kill `redis` and put a new one in its place. */
export interface RedisSuite {
  redis: RedisServerProcess;
  readonly cluster: ClusterUnderTest;
}

/**
 * A Redis and a cluster over it, started before the calling describe block's tests and stopped
 * after them; `options` are the cluster's, given the Redis URL. Read the fields inside tests.
 */
export function redisSuite(options: (redisUrl: string) => ClusterUnderTestOptions): RedisSuite {
  const suite = {} as { redis: RedisServerProcess; cluster: ClusterUnderTest };
  beforeAll(async () => {
    suite.redis = await RedisServerProcess.start();
    suite.cluster = await ClusterUnderTest.start(options(suite.redis.url));
  }, 180_000);
  afterAll(async () => {
    await suite.cluster?.stop();
    await suite.redis?.stop();
  }, 60_000);
  return suite;
}

/** `prompt`'s greedy tokens, once the conductor's pool index holds at least `blocks` blocks; with that index as it was then. */
export async function indexedReference(cluster: ClusterUnderTest, prompt: string, blocks: number) {
  const reference = await completionWithTokens(cluster.conductor, cluster.modelId, prompt, 8);
  await until('the prompt\'s blocks in the index', async () => (await poolIndex(cluster.conductor)).blocks >= blocks);
  return { reference, before: await poolIndex(cluster.conductor) };
}
