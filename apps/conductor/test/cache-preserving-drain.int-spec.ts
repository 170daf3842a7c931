import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { completionProvenance, type Provenance } from './provenance.client';
import { promptText } from './prompt-text';
import { until } from '@tsukimi/service-kit/testing';

/** A prefix several blocks long that every request of the hot tenant shares, then a question of its own. */
const HOT_PREFIX = promptText(640, 16);
const hotPrompt = (n: number) => `${HOT_PREFIX} question ${n}: ${promptText(24, 1000 + n)}`;
const reused = (p: Provenance) => p.reused_tokens.device + p.reused_tokens.dram + p.reused_tokens.ssd;

describe('scale-in of a prefill instance holding a hot prefix', () => {
  let cluster: ClusterUnderTest | undefined;

  afterEach(async () => {
    await cluster?.stop();
  }, 60_000);

  // Prefill instances keep what they compute in their engines only (--store-to-pool false), so the
  // stopped instance's engine holds the only copy of the prefix until its drain hands it to the pool.
  it('keeps the hit ratio on that prefix: no request fails, and the other instance reuses the prefix from the pool', async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1, prefillArgs: ['--store-to-pool=false'] });
    // The other instance is paused until the prefix is hot on the first, so that only one engine ever computes it.
    const [holding, other] = [cluster.prefill[0]!, cluster.prefill[1]!];
    other.signal('SIGSTOP');
    await cluster.waitForRoutable({ prefill: 1, decode: 1 });
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const model = cluster.modelId;
    let n = 0;
    const hot = async () => completionProvenance(client, model, hotPrompt(n++));

    // Background load on other prompts throughout, none of which may fail.
    const failures: string[] = [];
    let background = 0;
    let running = true;
    const load = Promise.all(
      [0, 1].map(async (worker) => {
        for (let i = 0; running; i += 1) {
          await client.completions
            .create({ model, prompt: promptText(200, 50_000 + worker * 10_000 + i), max_tokens: 4, temperature: 0 })
            .then(() => void (background += 1))
            .catch((error: unknown) => void failures.push(String(error)));
        }
      }),
    );
    try {
      const first = await hot();
      expect(first.prefill_instance).toBe('prefill-0');
      const before: Provenance[] = [];
      for (let i = 0; i < 6; i += 1) before.push(await hot());
      const prefixTokens = reused(before[0]!);
      expect(prefixTokens).toBeGreaterThanOrEqual(512);
      expect(before.map((p) => [p.prefill_instance, p.reused_tokens.device])).toEqual(before.map(() => ['prefill-0', prefixTokens]));

      other.signal('SIGCONT');
      await cluster.waitForRoutable({ prefill: 2, decode: 1 });
      const backgroundAtStop = background;
      holding.signal('SIGTERM');
      expect(await holding.waitForExit(30_000)).toEqual({ code: 0, signal: null });
      await cluster.waitForRoutable({ prefill: 1, decode: 1 });

      const after: Provenance[] = [];
      for (let i = 0; i < 6; i += 1) after.push(await hot());
      expect(after.map((p) => p.prefill_instance)).toEqual(after.map(() => 'prefill-1'));
      expect(after.map(reused)).toEqual(after.map(() => prefixTokens));
      // The instance left never computed the prefix: its first request read it from the pool, the rest from its engine.
      expect(after[0]!.reused_tokens.dram).toBe(prefixTokens);
      const handed = holding.logs.find((line) => line['msg'] === 'engine blocks handed to the pool');
      expect(handed).toMatchObject({ storeFailed: false, budgetSpent: false });
      expect(handed!['handedBlocks']).toBeGreaterThanOrEqual(prefixTokens / 16);
      await until('background requests after the stop', () => background >= backgroundAtStop + 4);
    } finally {
      other.signal('SIGCONT');
      running = false;
      await load;
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
