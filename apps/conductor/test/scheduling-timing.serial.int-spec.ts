import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { completionProvenance, type Provenance } from './provenance.client';
import { promptText as text, median } from './prompt-text';

describe('time to first token and the share cached', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const complete = (prompt: string) => completionProvenance(client, cluster.modelId, prompt);

  it('time to first token falls as the share of the prompt already cached rises', async () => {
    const ttftAt = async (cachedShare: number, seed: number) => {
      const samples: number[] = [];
      for (let trial = 0; trial < 5; trial++) {
        const cached = Math.floor(1600 * cachedShare);
        const shared = text(cached, seed * 100 + trial);
        if (cached > 0) await complete(shared + text(1600 - cached, seed * 100 + trial + 50));
        samples.push((await complete(shared + text(1600 - cached, seed * 100 + trial + 70))).ttft_ms);
      }
      return median(samples);
    };
    const cold = await ttftAt(0, 1);
    const half = await ttftAt(0.5, 2);
    const mostly = await ttftAt(0.9, 3);
    expect(half).toBeLessThan(cold);
    expect(mostly).toBeLessThan(half);
  }, 120_000);
});

describe('admission under overload', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  const TTFT_SLO_MS = 400;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, conductorArgs: ['--admission', 'early', '--ttft-slo-ms', String(TTFT_SLO_MS)] });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('at about three times capacity, admitted requests meet the TTFT target and the rest are refused at once', async () => {
    const prompt = (i: number) => text(1000, 5000 + i);
    // Capacity: one prefill instance, measured on this machine now with requests one at a time.
    const started = performance.now();
    for (let i = 0; i < 8; i++) await client.completions.create({ model: cluster.modelId, prompt: prompt(i), max_tokens: 1, temperature: 0 });
    const serviceMs = (performance.now() - started) / 8;
    const intervalMs = serviceMs / 3;

    const outcomes: Promise<{ admitted: boolean; ttftMs?: number; answeredMs: number; reason?: string | null }>[] = [];
    // The first 30 arrivals warm the conductor's calibration to the overload; the next 90 are judged.
    const WARM_UP = 30;
    for (let i = 0; i < WARM_UP + 90; i++) {
      const sentAt = performance.now();
      outcomes.push(
        client.completions
          .create({ model: cluster.modelId, prompt: prompt(100 + i), max_tokens: 1, temperature: 0 })
          .withResponse()
          .then(({ data }) => ({ admitted: true, ttftMs: (data.usage as unknown as { tsukimi: Provenance }).tsukimi.ttft_ms, answeredMs: performance.now() - sentAt }))
          .catch((error: unknown) => {
            const failure = error as { status?: number; headers?: Headers };
            if (failure.status !== 429) throw error;
            return { admitted: false, answeredMs: performance.now() - sentAt, reason: failure.headers?.get('x-tsukimi-reject-reason') };
          }),
      );
      await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
    }
    const results = (await Promise.all(outcomes)).slice(WARM_UP);
    const admitted = results.filter((r) => r.admitted);
    const rejected = results.filter((r) => !r.admitted);
    expect(rejected.length).toBeGreaterThan(0);
    expect(admitted.length).toBeGreaterThan(0);
    const withinSlo = admitted.filter((r) => r.ttftMs! <= TTFT_SLO_MS).length;
    expect(withinSlo / admitted.length).toBeGreaterThanOrEqual(0.95);
    expect(rejected.filter((r) => !['prefill-overloaded', 'decode-overloaded', 'overloaded'].includes(r.reason ?? ''))).toEqual([]);
    expect(median(rejected.map((r) => r.answeredMs))).toBeLessThan(50);
  }, 120_000);
});
