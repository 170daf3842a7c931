import { greedyCompletion, textTokens } from './greedy-completion';
import { seedPoolWithCollisions } from './pool-seeder';
import { suiteCluster } from './suite-cluster';

const BLOCK_TOKENS = 16;
const PREFIX_BLOCKS = 12;
const MAX_TOKENS = 6;
const HOT_REQUESTS = 2;
const DIGEST_REJECTS = 'tsukimi_kvpool_block_rejects_total{reason="digest"}';

const tokens = textTokens;

describe('a key collision in the pool met by a decode\'s prefetch (--overlap-kv) and a prefill\'s warm copy (--warm-copies)', () => {
  const suite = suiteCluster({
    prefill: 2,
    decode: 1,
    prefillArgs: ['--overlap-kv'],
    conductorArgs: ['--overlap-kv', '--warm-copies', '2', '--hot-prefix-threshold', String(HOT_REQUESTS), '--hot-prefix-window-ms', '10m'],
    kvpoolArgs: ['--dram-bytes', '64MiB'],
  });
  const complete = (prompt: number[]) => greedyCompletion(suite.cluster, suite.client, suite.alone, prompt, MAX_TOKENS);

  const warms = (reason: string) => suite.cluster.metric(suite.cluster.conductor, `tsukimi_scheduler_warm_copies_total{reason="${reason}"}`);

  it('the prefetch refuses the collided block and counts it, the decode refuses it again, and the tokens are the model\'s alone', async () => {
    const { cluster } = suite;
    const prefix = tokens(PREFIX_BLOCKS * BLOCK_TOKENS, 51);
    expect(await seedPoolWithCollisions(cluster.modelPath, cluster.kvpool.grpcPort!, prefix, tokens(PREFIX_BLOCKS * BLOCK_TOKENS, 52))).toBe(PREFIX_BLOCKS);
    const before = await cluster.metric(cluster.decode[0]!, DIGEST_REJECTS);
    const run = await complete([...prefix, ...tokens(40, 53)]);

    expect(run.tokenIds).toEqual(run.expectedIds);
    // The decode's own load waits for its prefetch to end, so both reads were refused by then: one each.
    expect(await cluster.metric(cluster.decode[0]!, DIGEST_REJECTS)).toBe(before + 2);
    expect(await cluster.metricSum(cluster.decode, 'tsukimi_instance_prefetched_blocks_total')).toBe(0);
  }, 60_000);

  it('a warm copy of the hot prefix refuses the collided block and counts it, loads nothing, and every request\'s tokens are the model\'s alone', async () => {
    const { cluster } = suite;
    const prefix = tokens(PREFIX_BLOCKS * BLOCK_TOKENS, 61);
    expect(await seedPoolWithCollisions(cluster.modelPath, cluster.kvpool.grpcPort!, prefix, tokens(PREFIX_BLOCKS * BLOCK_TOKENS, 62))).toBe(PREFIX_BLOCKS);
    const before = await cluster.metricSum(cluster.prefill, DIGEST_REJECTS);
    const sentBefore = await warms('sent');
    for (let seed = 63; seed < 63 + HOT_REQUESTS; seed++) {
      const run = await complete([...prefix, ...tokens(20, seed)]);
      expect(run.tokenIds).toEqual(run.expectedIds);
    }
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_scheduler_warm_copies_total{reason="partial"}', (partial) => partial >= 1);
    expect(await warms('sent')).toBe(sentBefore + 1);
    expect(await warms('loaded')).toBe(0);
    expect(await cluster.metricSum(cluster.prefill, 'tsukimi_instance_warmed_blocks_total{tier="dram"}')).toBe(0);
    // The first request's prefill refused the block, then the warmed instance did.
    expect(await cluster.metricSum(cluster.prefill, DIGEST_REJECTS)).toBeGreaterThanOrEqual(before + 2);
    const after = await complete([...prefix, ...tokens(20, 70)]);
    expect(after.tokenIds).toEqual(after.expectedIds);
  }, 60_000);
});
