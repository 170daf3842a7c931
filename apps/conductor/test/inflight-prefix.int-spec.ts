import { type GenerationParams } from '@tsukimi/engine';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { promptText as text } from './prompt-text';
import { completionWithTokens, type Provenance } from './provenance.client';

type WaitProvenance = Provenance & { readonly waited?: { ms: number; blocks: number; request_id: string; outcome: string } };

const BLOCK_TOKENS = 16;
const MAX_TOKENS = 8;
const greedy: GenerationParams = { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
/** C: an unrelated prompt that keeps the other prefill instance busy, shorter than A so that its queue looks the shorter. */
const OTHER_TOKENS = 1600;
/** A: long enough that its prefill is still computing when B arrives, within the tiny model's 2048-token context. */
const LONG_TOKENS = 2000;
/** Whole blocks of A's prompt that B starts with. */
const SHARED_TOKENS = 1904;
const SUFFIX = ' and a short question of its own?';
const RECOMPUTED = 'tsukimi_scheduler_decisions_total{branch="recompute"}';

/**
 * Two prefill instances: C computes on one, A on the other, and B (A's first whole blocks and a
 * suffix) arrives while both compute. Without waiting, B goes to C's instance, whose queue looks
 * shorter, and computes A's blocks again there; waiting, it goes to A's instance once A answers.
 */
describe('a request waits for the prefix another request is prefilling', () => {
  let cluster: ClusterUnderTest;
  let ruleOff: ServiceProcess;
  let alone: GenerationAlone;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1, disaggregation: 'always' });
    ruleOff = await cluster.conductorBeside('always', ['--wait-for-inflight-prefix=false']);
    alone = GenerationAlone.load(cluster.modelPath);
  }, 120_000);

  afterAll(async () => {
    ruleOff?.signal('SIGTERM');
    await Promise.all([ruleOff?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
  }, 60_000);

  const expected = async (prompt: string) => (await alone.run([...Buffer.from(prompt)], greedy)).map((t) => t.token);
  const computed = () => cluster.metricSum(cluster.prefill, 'tsukimi_instance_computed_tokens_total{role="prefill"}');

  /** C, then A once C's prefill is out, then B once A's is: the three answers, and the prompt tokens the prefill instances computed. */
  async function cThenAThenB(conductor: ServiceProcess, seed: number) {
    const a = text(LONG_TOKENS, seed);
    const b = a.slice(0, SHARED_TOKENS) + SUFFIX;
    const before = await computed();
    const decided = await cluster.metric(conductor, RECOMPUTED);
    const c = completionWithTokens<WaitProvenance>(conductor, cluster.modelId, text(OTHER_TOKENS, seed + 1000), MAX_TOKENS);
    await cluster.waitForMetric(conductor, RECOMPUTED, (n) => n > decided);
    const first = completionWithTokens<WaitProvenance>(conductor, cluster.modelId, a, MAX_TOKENS);
    await cluster.waitForMetric(conductor, RECOMPUTED, (n) => n > decided + 1);
    const [answerC, answerA, answerB] = await Promise.all([c, first, completionWithTokens<WaitProvenance>(conductor, cluster.modelId, b, MAX_TOKENS)]);
    expect(answerA.tokens).toEqual(await expected(a));
    expect(answerB.tokens).toEqual(await expected(b));
    expect(answerA.provenance.prefill_instance).not.toBe(answerC.provenance.prefill_instance);
    return { b, answerA, answerB, computedTokens: (await computed()) - before };
  }

  it('B waits for A\'s prefill, then computes only its suffix on A\'s instance; the answers are the model run alone', async () => {
    const waitsBefore = await cluster.metric(cluster.conductor, 'tsukimi_scheduler_inflight_waits_total{reason="answered"}');
    const { answerA, answerB, computedTokens } = await cThenAThenB(cluster.conductor, 41);

    expect(answerA.provenance.waited).toBeUndefined();
    expect(answerB.provenance).toMatchObject({
      prefill_instance: answerA.provenance.prefill_instance,
      computed_tokens: SUFFIX.length,
      reused_tokens: { device: SHARED_TOKENS },
      waited: { blocks: SHARED_TOKENS / BLOCK_TOKENS, outcome: 'answered' },
    });
    expect(answerB.provenance.waited?.request_id).toMatch(/.+/);
    expect(computedTokens).toBe(OTHER_TOKENS + LONG_TOKENS + SUFFIX.length);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_scheduler_inflight_waits_total{reason="answered"}')).toBe(waitsBefore + 1);
  }, 60_000);

  it('with --wait-for-inflight-prefix=false, B computes the shared prefix again on the other instance', async () => {
    const { b, answerA, answerB, computedTokens } = await cThenAThenB(ruleOff, 42);

    expect(answerB.provenance.waited).toBeUndefined();
    expect(answerB.provenance.prefill_instance).not.toBe(answerA.provenance.prefill_instance);
    expect(answerB.provenance.computed_tokens).toBe(b.length);
    expect(computedTokens).toBe(OTHER_TOKENS + LONG_TOKENS + b.length);
    expect(await cluster.metric(ruleOff, 'tsukimi_scheduler_inflight_waits_total{reason="answered"}')).toBe(0);
  }, 60_000);
});
