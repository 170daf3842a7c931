import { credentials, Metadata } from '@grpc/grpc-js';
import { callUnary, type StatsReply__Output, tsukimiProto } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { httpGet, sampleValue, type ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { greedyCompletion, textTokens } from './greedy-completion';
import { suiteCluster } from './suite-cluster';

/** Long enough that the prefill instance is still computing, and storing its chunks, when the test has found it and killed it. */
const PROMPT_TOKENS = 1024;
const MAX_TOKENS = 8;
/** Short, so that the dead prefill's half-put blocks are revoked within the test; the pool checks for them every 100 ms. */
const PENDING_PUT_TIMEOUT_MS = 1000;
const ACTIVE = 'tsukimi_instance_active_sequences{role="prefill"}';
/** Counted as the first token goes back to the conductor: the handoff has begun. */
const ANSWERED = 'tsukimi_instance_prefill_requests_total';
const RETRIES = 'tsukimi_conductor_phase_retries_total{role="prefill",reason="unavailable"}';

interface PoolStats {
  readonly completeBlocks: number;
  readonly pendingBlocks: number;
  readonly usedBytes: number;
}

describe('a prefill instance killed before its handoff', () => {
  const suite = suiteCluster({
    prefill: 2,
    decode: 1,
    kvpoolArgs: ['--dram-bytes', '64MiB', '--pending-put-timeout-ms', String(PENDING_PUT_TIMEOUT_MS), '--maintenance-interval-ms', '100'],
    // Chunks of 128 tokens, each stored as soon as computed: the instance answers scrapes between chunks, and dies with puts under way.
    prefillArgs: ['--overlap-kv', '--overlap-chunk-tokens', '128'],
  });

  const stats = async (): Promise<PoolStats> => {
    const stub = new (tsukimiProto().tsukimi.v1.KvPool)(`127.0.0.1:${suite.cluster.kvpool.grpcPort}`, credentials.createInsecure());
    try {
      const reply = expectOk(await callUnary<object, StatsReply__Output>((r, m, o, cb) => stub.stats(r, m, o, cb), {}, new Metadata(), 3_000), 'stats');
      return { completeBlocks: reply.completeBlocks, pendingBlocks: reply.pendingBlocks, usedBytes: reply.tiers.reduce((sum, t) => sum + Number(t.usedBytes), 0) };
    } finally {
      stub.close();
    }
  };

  /** Prefills each instance has answered with a first token, and sequences it holds, from one scrape. */
  const prefillState = async (prefill: ServiceProcess) => {
    const text = (await httpGet(prefill.httpPort, '/metrics')).body;
    return { answered: sampleValue(text, ANSWERED) ?? 0, active: sampleValue(text, ACTIVE) ?? 0 };
  };

  /** The prefill instance computing the prompt now: it holds a sequence and has not answered it yet. */
  const computing = async (answeredBefore: readonly number[]): Promise<ServiceProcess> => {
    let found: ServiceProcess | undefined;
    await until('a prefill instance computing the prompt', async () => {
      const states = await Promise.all(suite.cluster.prefill.map(prefillState));
      found = suite.cluster.prefill[states.findIndex((s, i) => s.active > 0 && s.answered === answeredBefore[i])];
      return found !== undefined;
    });
    return found!;
  };

  it('is prefilled again on the other instance with the tokens of an uninterrupted run, and leaves no half-put block in the pool', async () => {
    const { cluster, client, alone } = suite;
    // A first prompt, uninterrupted, tells how many bytes one block takes in the pool.
    const warm = await greedyCompletion(cluster, client, alone, textTokens(160, 7), MAX_TOKENS);
    expect(warm.tokenIds).toEqual(warm.expectedIds);
    await until('the first prompt\'s blocks complete in the pool', async () => (await stats()).completeBlocks > 0);
    const before = await stats();
    const bytesPerBlock = before.usedBytes / before.completeBlocks;
    const retriesBefore = await cluster.metric(cluster.conductor, RETRIES);
    // The first prompt's sequence is let go once its blocks are stored: until then it would pass for the long prompt's.
    for (const prefill of cluster.prefill) await cluster.waitForMetric(prefill, ACTIVE, (n) => n === 0);
    const answeredBefore = await Promise.all(cluster.prefill.map(async (p) => (await prefillState(p)).answered));

    const run = greedyCompletion(cluster, client, alone, textTokens(PROMPT_TOKENS, 8), MAX_TOKENS);
    const victim = await computing(answeredBefore);
    victim.kill();
    const { tokenIds, expectedIds, provenance } = await run;

    expect(tokenIds).toEqual(expectedIds);
    const survivor = cluster.prefill.find((p) => p !== victim)!;
    expect(provenance.prefill_instance).toBe(`prefill-${cluster.prefill.indexOf(survivor)}`);
    // Blocks the dead instance finished storing may be read back; the rest of the prompt is computed again.
    const reused = provenance.reused_tokens.device + provenance.reused_tokens.dram + provenance.reused_tokens.ssd;
    expect(provenance.computed_tokens + reused).toBe(PROMPT_TOKENS);
    expect(await cluster.metric(cluster.conductor, RETRIES)).toBe(retriesBefore + 1);

    // Puts the dead instance started and never ended are revoked once the put timeout has passed:
    // none is left pending, and the pool's bytes are those of its complete blocks alone.
    await until('no pending put left in the pool', async () => (await stats()).pendingBlocks === 0, 10 * PENDING_PUT_TIMEOUT_MS);
    const after = await stats();
    expect(after.completeBlocks).toBeGreaterThanOrEqual(before.completeBlocks);
    expect(after.usedBytes).toBe(after.completeBlocks * bytesPerBlock);
  }, 60_000);
});
