import { greedyCompletion, textTokens } from './greedy-completion';
import { seedPool, seedPoolWithCollisions } from './pool-seeder';
import { suiteCluster } from './suite-cluster';

const BLOCK_TOKENS = 16;
const MAX_TOKENS = 8;
const DIGEST_REJECTS = 'tsukimi_kvpool_block_rejects_total{reason="digest"}';

const tokens = textTokens;

describe('a block whose key is the prompt\'s but whose identity is another prompt\'s (a key collision in the pool)', () => {
  const suite = suiteCluster({ prefill: 1, decode: 1, kvpoolArgs: ['--dram-bytes', '64MiB'] });
  const complete = (prompt: number[]) => greedyCompletion(suite.cluster, suite.client, suite.alone, prompt, MAX_TOKENS);

  const rejects = async () => {
    const { cluster } = suite;
    return { prefill: await cluster.metric(cluster.prefill[0]!, DIGEST_REJECTS), decode: await cluster.metric(cluster.decode[0]!, DIGEST_REJECTS) };
  };

  it('is refused by the digest and recomputed by prefill and decode, and the tokens are the model\'s alone', async () => {
    const { cluster } = suite;
    const prefix = tokens(25 * BLOCK_TOKENS, 31);
    expect(await seedPoolWithCollisions(cluster.modelPath, cluster.kvpool.grpcPort!, prefix, tokens(25 * BLOCK_TOKENS, 32))).toBe(25);
    const before = await rejects();
    const prompt = [...prefix, ...tokens(40, 33)];
    const run = await complete(prompt);

    expect(run.tokenIds).toEqual(run.expectedIds);
    expect(run.provenance.reused_tokens).toEqual({ device: 0, dram: 0, ssd: 0 });
    expect(run.provenance.computed_tokens).toBe(prompt.length);
    // Each reader stops at the first block it refuses: one reject each, and every block after it is computed.
    expect(await rejects()).toEqual({ prefill: before.prefill + 1, decode: before.decode + 1 });
  }, 60_000);

  it('leaves sound blocks of the same model and salt usable: a prompt whose blocks carry their own digests is read, not recomputed', async () => {
    const { cluster } = suite;
    const prefix = tokens(25 * BLOCK_TOKENS, 41);
    expect(await seedPool(cluster.modelPath, cluster.kvpool.grpcPort!, prefix)).toBe(25);
    const before = await rejects();
    const run = await complete([...prefix, ...tokens(40, 42)]);

    expect(run.tokenIds).toEqual(run.expectedIds);
    expect(run.provenance.reused_tokens).toEqual({ device: 0, dram: 25 * BLOCK_TOKENS, ssd: 0 });
    expect(await rejects()).toEqual(before);
  }, 60_000);
});
