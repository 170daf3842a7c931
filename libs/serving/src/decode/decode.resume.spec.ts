import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, text } from '../testing/serving-fixtures';
import { DecodeBatcher } from './decode.batcher';
import { type DecodeJob } from './decode.job';

const prompt = text('A request whose decode instance goes away mid-stream, ');
const blockKeys = engine().blockKeys(prompt);

/** Every token a job streams, on a batcher of its own over a fresh engine and an empty pool. */
async function streamed(job: DecodeJob): Promise<GeneratedToken[]> {
  const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 4, monotonicMs: () => performance.now() });
  const tokens: GeneratedToken[] = [];
  await new Promise<void>((resolve, reject) => {
    void batcher.start(job, { token: (t) => (tokens.push(t), t.finishReason ? resolve() : undefined), fail: (f) => reject(new Error(f.kind)) }).then((started) => {
      if (!started.ok) reject(new Error(started.error.kind));
      else if (started.value.started.firstToken) tokens.unshift(started.value.started.firstToken);
    });
  });
  return tokens;
}

const cases: [string, GenerationParams][] = [
  ['greedy', { maxTokens: 40, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true }],
  [
    'seeded, with penalties and logprobs',
    {
      maxTokens: 40,
      sampling: { temperature: 0.9, topP: 0.95, topK: 0, seed: 7 },
      stop: [],
      ignoreEos: true,
      frequencyPenalty: 0.5,
      presencePenalty: 0.3,
      repetitionPenalty: 1.2,
      logprobs: 2,
    },
  ],
];

describe('a decode job resumed from the tokens another instance streamed', () => {
  it.each(cases)('%s: continues with exactly the tokens, text and logprobs of the uninterrupted run', async (_name, generation) => {
    const whole = await streamed({ requestId: 'whole', promptTokens: prompt, tenantSalt: '', generation, blockKeys });
    expect(whole).toHaveLength(generation.maxTokens);
    // Cuts at the first step, mid-block and past a block boundary of the generated tail.
    for (const sent of [1, 2, 9, 21]) {
      const resumed = await streamed({
        requestId: `resumed-${sent}`,
        promptTokens: prompt,
        tenantSalt: '',
        generation,
        firstToken: whole[0]!.token,
        continuedTokens: whole.slice(1, sent).map((t) => t.token),
        blockKeys,
      });
      expect(resumed).toEqual(whole.slice(sent));
    }
  });

  it('keeps a stop string that spans the cut: the text held back is released or withheld as in one run', async () => {
    const probe = await streamed({ requestId: 'probe', promptTokens: prompt, tenantSalt: '', generation: cases[0]![1], blockKeys });
    const all = probe.map((t) => t.text).join('');
    // A stop string from the middle of the greedy text: generation ends where it begins.
    const stop = all.slice(10, 14);
    const generation = { ...cases[0]![1], stop: [stop] };
    const whole = await streamed({ requestId: 'whole', promptTokens: prompt, tenantSalt: '', generation, blockKeys });
    expect(whole.at(-1)?.finishReason).toBe('stop');
    for (let sent = 1; sent < whole.length; sent++) {
      const resumed = await streamed({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation, firstToken: whole[0]!.token, continuedTokens: whole.slice(1, sent).map((t) => t.token), blockKeys });
      expect(resumed).toEqual(whole.slice(sent));
    }
  });

  it('refuses a job whose tokens already reach max_tokens', async () => {
    const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 1, monotonicMs: () => performance.now() });
    const started = await batcher.start(
      { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: { ...cases[0]![1], maxTokens: 3 }, firstToken: 1, continuedTokens: [2, 3], blockKeys },
      { token: () => undefined, fail: () => undefined },
    );
    expect(started).toEqual({ ok: false, error: { kind: 'nothing-to-decode' } });
  });
});
