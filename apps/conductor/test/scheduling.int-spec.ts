import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { completionProvenance } from './provenance.client';
import { promptText as text } from './prompt-text';

describe('KVCache-centric scheduling with two prefill instances', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1 });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const complete = (prompt: string) => completionProvenance(client, cluster.modelId, prompt);

  it('sends a shared prefix to its holder while it has headroom, and fetches it to the other instance when it does not', async () => {
    const prefix = text(1200, 1);
    const warm = await complete(prefix + text(40, 2));
    const holder = warm.prefill_instance;
    const quiet = await complete(prefix + text(40, 3));
    expect(quiet).toMatchObject({ prefill_instance: holder, schedule: { branch: 'holder' } });
    expect(quiet.reused_tokens.device).toBeGreaterThanOrEqual(1184);

    // A burst on the shared prefix queues work on the holder until going elsewhere and fetching wins.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => complete(prefix + text(300, 10 + i))));
    const elsewhere = burst.filter((p) => p.prefill_instance !== holder);
    expect(burst.filter((p) => p.prefill_instance === holder).length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.some((p) => p.schedule?.branch === 'fetch' && p.reused_tokens.dram + p.reused_tokens.device > 0)).toBe(true);
  }, 60_000);
});
