import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { formatEngineProfile, predictPrefillMs } from '@tsukimi/scheduler';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

/** A slow engine, 2 ms a prompt token: the times below are far from the LLaMA3-70B cost model's (about 0.1 ms a token). */
const PROFILE = { engine: 'slow test engine', blockSizeTokens: 16, blockBytes: 8192, prefill: { baseMs: 5, msPerComputedToken: 2, msPerAttendedPair: 0 }, decode: { baseMs: 1, msPerRequest: 0, msPerContextToken: 0 } };
/** The tiny model's shape, so blocks are small. */
const SHEET = { name: 'tiny-simulated', layers: 2, hiddenSize: 64, attentionHeads: 4, kvHeads: 2, parameters: 1e5, bytesPerValue: 4 };

/** Time from sending a streamed completion to its first token, at the client. */
async function clientTtftMs(client: OpenAI, model: string, prompt: string): Promise<number> {
  const started = performance.now();
  const stream = await client.completions.create({ model, prompt, max_tokens: 2, temperature: 0, stream: true });
  let firstMs: number | undefined;
  for await (const chunk of stream) if (firstMs === undefined && (chunk.choices[0]?.text ?? '') !== '') firstMs = performance.now() - started;
  if (firstMs === undefined) throw new Error('no token came back');
  return firstMs;
}

describe('simulated instances timed by an engine profile (--simulated-profile)', () => {
  let dir: string;
  let cluster: ClusterUnderTest | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-simulated-profile-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('take at least the time the profile predicts for each prompt, and not the cost model\'s', async () => {
    fs.writeFileSync(path.join(dir, 'profile.json'), formatEngineProfile(PROFILE));
    fs.writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(SHEET));
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      engineArgs: ['--engine', 'simulated', '--simulated-model', path.join(dir, 'tiny.json'), '--simulated-profile', path.join(dir, 'profile.json')],
    });
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    // Prompts of one byte a token, fresh, so nothing is reused: 100 tokens take 205 ms, 800 tokens 1,605 ms.
    const short = await clientTtftMs(client, cluster.modelId, promptText(100, 1));
    const long = await clientTtftMs(client, cluster.modelId, promptText(800, 2));
    expect(short).toBeGreaterThanOrEqual(predictPrefillMs(PROFILE.prefill, 100, 0));
    expect(long).toBeGreaterThanOrEqual(predictPrefillMs(PROFILE.prefill, 800, 0));
    // The short prompt's wait is the profile's, not one as long as the long prompt's.
    expect(short).toBeLessThan(predictPrefillMs(PROFILE.prefill, 800, 0));
  }, 120_000);
});
