import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { seedPool } from './pool-seeder';
import { type Provenance } from './provenance.client';

const BLOCK_TOKENS = 16;
const MAX_TOKENS = 8;

type PlanProvenance = Provenance & {
  readonly computed_tokens: number;
  readonly plan?: { branch: string; outcome: string; source?: { node: string; tier: string } };
  /** The conductor's prediction of the reuse, from its index as it routed the request (the reuse audit). */
  readonly predicted_reused_tokens?: { device: number; dram: number; ssd: number };
  readonly cache_trusted?: boolean;
};

/** Byte tokens from a seed, none of them special. */
function tokens(length: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 32 + (state % 95);
  });
}

/** What the prefill instance read from the pool, and how many of its plans of `branch` it followed, as its /metrics say. */
async function prefillCounters(cluster: ClusterUnderTest, branch: string) {
  const read = (series: string) => cluster.metric(cluster.prefill[0]!, series);
  return {
    receivedBytes: await read('tsukimi_kvpool_transfer_bytes_total{direction="received"}'),
    dramTokens: await read('tsukimi_instance_reused_tokens_total{role="prefill",tier="dram"}'),
    ssdTokens: await read('tsukimi_instance_reused_tokens_total{role="prefill",tier="ssd"}'),
    followed: await read(`tsukimi_instance_plan_outcomes_total{role="prefill",branch="${branch}",reason="followed"}`),
  };
}

/** Resolves once the pool's series satisfies `done` (the pool demotes blocks to SSD in the background). */
function waitForMetric(cluster: ClusterUnderTest, series: string, done: (value: number) => boolean): Promise<void> {
  return cluster.waitForMetric(cluster.kvpool, series, done);
}

type Measured = Awaited<ReturnType<ReturnType<typeof clusterOf>['measured']>>;

/** The decision's branch was carried out as planned and counted once, and the tokens are those of the model run alone. */
function expectFollowed(run: Measured, plan: { branch: string; source?: { node: string; tier: string | RegExp } }): void {
  expect(run.provenance.schedule?.branch).toBe(plan.branch);
  const source = plan.source ? { source: { node: plan.source.node, tier: typeof plan.source.tier === 'string' ? plan.source.tier : expect.stringMatching(plan.source.tier) } } : {};
  expect(run.provenance.plan).toEqual({ branch: plan.branch, outcome: 'followed', ...source });
  expect(run.after.followed - run.before.followed).toBe(1);
  expect(run.tokenIds).toEqual(run.expectedIds);
  // A plan followed reuses what the conductor predicted (the tier may trail a demotion, the total not).
  const total = (t: { device: number; dram: number; ssd: number } | undefined) => (t ? t.device + t.dram + t.ssd : undefined);
  expect(total(run.provenance.predicted_reused_tokens)).toBe(total(run.provenance.reused_tokens));
  expect(run.provenance.cache_trusted).toBe(true);
}

/** A cluster of one prefill instance (so the scheduler's branch alone decides what it does), one decode instance and one pool node. */
function clusterOf(kvpoolArgs: () => string[]) {
  const state: { cluster?: ClusterUnderTest; client?: OpenAI; alone?: GenerationAlone } = {};
  beforeAll(async () => {
    state.cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, kvpoolArgs: kvpoolArgs() });
    state.client = new OpenAI({ baseURL: state.cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    state.alone = GenerationAlone.load(state.cluster.modelPath);
  }, 90_000);
  afterAll(async () => {
    await state.cluster?.stop();
  }, 60_000);

  /** One greedy completion: its token ids, its provenance, and the tokens of the model run alone on the same prompt. */
  const complete = async (prompt: number[]) => {
    const { cluster, client, alone } = state as Required<typeof state>;
    const body = { model: cluster.modelId, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true } as unknown as OpenAI.CompletionCreateParamsNonStreaming;
    const completion = await client.completions.create(body);
    const expected = await alone.run(prompt, { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false });
    return {
      tokenIds: (completion.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids,
      expectedIds: expected.map((t) => t.token),
      provenance: (completion.usage as unknown as { tsukimi: PlanProvenance }).tsukimi,
    };
  };
  /** `complete`, with the prefill instance's counters (for plans of `branch`) read before and after. */
  const measured = async (branch: string, prompt: number[]) => {
    const before = await prefillCounters(state.cluster!, branch);
    const result = await complete(prompt);
    return { ...result, before, after: await prefillCounters(state.cluster!, branch) };
  };
  return { complete, measured, cluster: () => state.cluster! };
}

describe('the prefill does what the scheduler decided, with the pool in DRAM', () => {
  const { complete, measured, cluster } = clusterOf(() => ['--dram-bytes', '64MiB', '--node-id', 'pool-dram']);

  it('fetch: reads the prefix the pool holds from the chosen node\'s DRAM, and computes the rest', async () => {
    const prefix = tokens(25 * BLOCK_TOKENS, 1);
    expect(await seedPool(cluster().modelPath, cluster().kvpool.grpcPort!, prefix)).toBe(25);
    const run = await measured('fetch', [...prefix, ...tokens(40, 2)]);

    expectFollowed(run, { branch: 'fetch', source: { node: 'pool-dram', tier: 'dram' } });
    expect(run.provenance.reused_tokens).toEqual({ device: 0, dram: 25 * BLOCK_TOKENS, ssd: 0 });
    expect(run.after.dramTokens - run.before.dramTokens).toBe(25 * BLOCK_TOKENS);
    expect(run.after.receivedBytes).toBeGreaterThan(run.before.receivedBytes);
  }, 60_000);

  it('holder: uses the blocks in its own memory and reads nothing from the pool', async () => {
    const prefix = tokens(20 * BLOCK_TOKENS, 3);
    await complete([...prefix, ...tokens(24, 4)]);
    const run = await measured('holder', [...prefix, ...tokens(24, 5)]);

    expectFollowed(run, { branch: 'holder' });
    expect(run.provenance.reused_tokens.device).toBe(20 * BLOCK_TOKENS);
    expect(run.after.receivedBytes).toBe(run.before.receivedBytes);
  }, 60_000);

  it('recompute: though the pool holds more of the prompt than the instance, reads nothing from the pool', async () => {
    // The instance holds 24 blocks; the pool holds 30, too few more to fetch (the balance threshold is 1.5).
    const prefix = tokens(24 * BLOCK_TOKENS, 6);
    const more = tokens(6 * BLOCK_TOKENS, 7);
    await complete([...prefix, ...tokens(8, 8)]);
    expect(await seedPool(cluster().modelPath, cluster().kvpool.grpcPort!, [...prefix, ...more])).toBe(30);
    const run = await measured('recompute', [...prefix, ...more, ...tokens(30, 9)]);

    expectFollowed(run, { branch: 'recompute' });
    expect(run.provenance.reused_tokens).toEqual({ device: 24 * BLOCK_TOKENS, dram: 0, ssd: 0 });
    expect(run.provenance.computed_tokens).toBe(6 * BLOCK_TOKENS + 30);
    expect(run.after.receivedBytes).toBe(run.before.receivedBytes);
  }, 60_000);
});

describe('the prefill does what the scheduler decided, with the pool on SSD', () => {
  let ssdDir = '';
  // A pool DRAM of about two blocks pushes nearly every block to SSD, and reads do not promote them back.
  const { complete, measured, cluster } = clusterOf(() => {
    ssdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-plan-ssd-'));
    return ['--dram-bytes', '16KiB', '--ssd-dir', ssdDir, '--ssd-bytes', '64MiB', '--no-promote-on-hit', '--node-id', 'pool-ssd'];
  });
  afterAll(() => fs.rmSync(ssdDir, { recursive: true, force: true }));

  it('fetch: reads the prefix from the chosen node\'s SSD, and computes the rest', async () => {
    const prefix = tokens(25 * BLOCK_TOKENS, 11);
    await seedPool(cluster().modelPath, cluster().kvpool.grpcPort!, prefix);
    await waitForMetric(cluster(), 'tsukimi_kvpool_held_blocks{tier="ssd"}', (blocks) => blocks >= 20);
    const ssdBefore = await cluster().metric(cluster().kvpool, 'tsukimi_kvpool_served_blocks_total{tier="ssd"}');
    const run = await measured('fetch', [...prefix, ...tokens(40, 12)]);

    // The plan names the tier the conductor's index held at decision time, which can trail the
    // node's own demotion by one tier report; what was read, and from which tier, is proven below
    // by the instance's reuse by tier and the node's blocks served from SSD.
    expectFollowed(run, { branch: 'fetch', source: { node: 'pool-ssd', tier: /^(ssd|dram)$/ } });
    expect(run.provenance.reused_tokens.ssd).toBeGreaterThanOrEqual(20 * BLOCK_TOKENS);
    expect(run.after.ssdTokens - run.before.ssdTokens).toBe(run.provenance.reused_tokens.ssd);
    expect(run.after.dramTokens).toBe(run.before.dramTokens);
    expect(await cluster().metric(cluster().kvpool, 'tsukimi_kvpool_served_blocks_total{tier="ssd"}')).toBeGreaterThanOrEqual(ssdBefore + run.provenance.reused_tokens.ssd / BLOCK_TOKENS);
  }, 60_000);

  it('a plan that cannot be followed (the chosen node\'s copies are corrupt) falls back to computing, with the tokens unchanged', async () => {
    const prefix = tokens(25 * BLOCK_TOKENS, 13);
    const onSsd = await cluster().metric(cluster().kvpool, 'tsukimi_kvpool_held_blocks{tier="ssd"}');
    await seedPool(cluster().modelPath, cluster().kvpool.grpcPort!, prefix);
    await waitForMetric(cluster(), 'tsukimi_kvpool_held_blocks{tier="ssd"}', (blocks) => blocks >= onSsd + 20);
    for (const file of fs.readdirSync(ssdDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.blk'))) {
      const bytes = fs.readFileSync(path.join(ssdDir, file));
      bytes[bytes.length - 1]! ^= 0x5a;
      fs.writeFileSync(path.join(ssdDir, file), bytes);
    }
    const missing = (c: ClusterUnderTest) => c.metric(c.prefill[0]!, 'tsukimi_instance_plan_outcomes_total{role="prefill",branch="fetch",reason="block-missing"}');
    const missingBefore = await missing(cluster());
    const { tokenIds, expectedIds, provenance } = await complete([...prefix, ...tokens(40, 14)]);

    expect(provenance.schedule?.branch).toBe('fetch');
    // The plan names the tier the conductor's index shows, which may trail the node's demotion to SSD.
    expect(provenance.plan).toEqual({ branch: 'fetch', outcome: 'block-missing', source: { node: 'pool-ssd', tier: expect.stringMatching(/^(ssd|dram)$/) } });
    expect(provenance.reused_tokens).toEqual({ device: 0, dram: 0, ssd: 0 });
    // The audit sees the plan's blocks (those on SSD at least) predicted and none reused; one shortfall leaves the instance trusted.
    const predicted = provenance.predicted_reused_tokens!;
    expect(predicted.device + predicted.dram + predicted.ssd).toBeGreaterThanOrEqual(20 * BLOCK_TOKENS);
    expect(provenance.cache_trusted).toBe(true);
    expect(provenance.computed_tokens).toBe(25 * BLOCK_TOKENS + 40);
    expect((await missing(cluster())) - missingBefore).toBe(1);
    expect(tokenIds).toEqual(expectedIds);
  }, 60_000);
});
