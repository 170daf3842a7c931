import { generate, type GenerationParams, type GeneratedToken } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { DecodeBatcher } from './decode/decode.batcher';
import { type DecodeFailure } from './decode/decode.job';
import { MemoryKvPool } from './pool/memory.kv-pool';
import { wholeStoresInParts } from './pool/whole-stores.parted';
import { PrefillWorker } from './prefill/prefill.worker';
import { engine, systemClock, text } from './testing/serving-fixtures';

interface Streamed {
  tokens: number[];
  text: string;
  finishReason?: string;
  failure?: DecodeFailure;
}

/** Prefill on one engine, decode on another, blocks through the pool, as two instances would. */
async function disaggregated(prefill: PrefillWorker, decode: DecodeBatcher, prompt: number[], params: GenerationParams, tenantSalt = '') {
  const done = expectOk(await prefill.prefill({ requestId: 'r', promptTokens: prompt, tenantSalt, generation: params }), 'prefill');
  const out: Streamed = { tokens: [done.first.token], text: done.first.text, finishReason: done.first.finishReason };
  const handoff = await done.handoff;
  if (done.first.finishReason) return { done, handoff, out, started: undefined };
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const handle = await decode.start(
    { requestId: 'r', promptTokens: prompt, tenantSalt, generation: params, firstToken: done.first.token, blockKeys: done.blockKeys },
    {
      token(t: GeneratedToken) {
        out.tokens.push(t.token);
        out.text += t.text;
        if (t.finishReason) {
          out.finishReason = t.finishReason;
          finish();
        }
      },
      fail(failure) {
        out.failure = failure;
        finish();
      },
    },
  );
  const started = expectOk(handle, 'decode start').started;
  await finished;
  return { done, handoff, out, started };
}

function batcher(e = engine()): DecodeBatcher {
  return new DecodeBatcher(e, pool, { maxBatchSize: 8, monotonicMs: () => performance.now() });
}

let pool: MemoryKvPool;
beforeEach(() => {
  pool = new MemoryKvPool();
});

describe('prefill and decode on different engines give the tokens of one process', () => {
  const prompts = [text('The harvest moon rises over the pampas grass, and the rabbits pound mochi.'), text('月見 🌕 short')];
  const params: [string, GenerationParams][] = [
    ['greedy', { maxTokens: 40, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true }],
    ['seeded sampling', { maxTokens: 40, sampling: { temperature: 0.9, topP: 0.95, topK: 50, seed: 1234 }, stop: [] }],
    ['stop sequence', { maxTokens: 60, sampling: { temperature: 1, topP: 1, topK: 0, seed: 7 }, stop: ['e', '\u0000'] }],
  ];

  it.each(params)('%s', async (_name, generation) => {
    for (const prompt of prompts) {
      const expected = expectOk(await generate(engine(), prompt, generation), 'single process');
      const { out } = await disaggregated(new PrefillWorker(engine(), pool, systemClock), batcher(), prompt, generation);
      expect(out.tokens).toEqual(expected.tokens);
      expect(out.text).toBe(expected.text);
      expect(out.finishReason).toBe(expected.finishReason);
    }
  });
});

describe('where the KV comes from', () => {
  const prompt = text('x'.repeat(5) + 'A long shared system prompt that many requests begin with. '.repeat(4));
  const params: GenerationParams = { maxTokens: 8, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
  const fullBlockTokens = Math.floor(prompt.length / 16) * 16;

  it('a repeated prompt reuses the prefill engine\'s own blocks; another prefill instance reuses them from the pool', async () => {
    const a = new PrefillWorker(engine(), pool, systemClock);
    const cold = await disaggregated(a, batcher(), prompt, params);
    expect(cold.done.reused).toEqual({ device: 0, dram: 0, ssd: 0 });
    expect(cold.done.computedTokens).toBe(prompt.length);
    expect(cold.handoff.storedBlocks).toBe(fullBlockTokens / 16);

    const warm = await disaggregated(a, batcher(), prompt, params);
    expect(warm.done.reused).toEqual({ device: fullBlockTokens, dram: 0, ssd: 0 });
    expect(warm.done.computedTokens).toBe(prompt.length - fullBlockTokens);

    const other = await disaggregated(new PrefillWorker(engine(), pool, systemClock), batcher(), prompt, params);
    expect(other.done.reused).toEqual({ device: 0, dram: fullBlockTokens, ssd: 0 });
    expect(other.out.tokens).toEqual(cold.out.tokens);
    expect(warm.out.tokens).toEqual(cold.out.tokens);
  });

  it('decode loads the full blocks from the pool and recomputes only the partial last block', async () => {
    const { started } = await disaggregated(new PrefillWorker(engine(), pool, systemClock), batcher(), prompt, params);
    expect(started).toEqual({ loadedTokens: fullBlockTokens, reused: { device: 0, dram: fullBlockTokens, ssd: 0 }, computedTokens: prompt.length - fullBlockTokens, fetchedBlocks: fullBlockTokens / 16, refusedBlocks: 0, refused: [] });
  });

  it('a corrupt block in the pool is refused and recomputed, and the tokens do not change', async () => {
    const reference = await disaggregated(new PrefillWorker(engine(), pool, systemClock), batcher(), prompt, params);
    const [firstKey, secondKey] = reference.done.blockKeys;
    const damaged = pool.blocks.get(secondKey!)!;
    damaged[damaged.length - 3]! ^= 0xff;
    expect(pool.blocks.has(firstKey!)).toBe(true);

    const again = await disaggregated(new PrefillWorker(engine(), pool, systemClock), batcher(), prompt, params);
    expect(again.done).toMatchObject({ refusedBlocks: 1, refused: ['checksum-mismatch'] });
    expect(again.done.reused).toEqual({ device: 0, dram: 16, ssd: 0 });
    expect(again.started).toMatchObject({ loadedTokens: 16, reused: { device: 0, dram: 16, ssd: 0 }, refusedBlocks: 1, refused: ['checksum-mismatch'] });
    expect(again.out.tokens).toEqual(reference.out.tokens);
  });

  it('with an empty pool, decode recomputes the whole prompt and the tokens do not change', async () => {
    const empty = {
      fetchPrefix: async () => ({ ok: true as const, value: [] }),
      fetchFrom: async () => ({ ok: true as const, value: { blocks: [], stoppedBy: 'missing' as const } }),
      store: async () => ({ ok: false as const, error: { kind: 'pool-unavailable' as const, message: 'down' } }),
      storeInParts() {
        return wholeStoresInParts(this);
      },
    };
    const prefill = new PrefillWorker(engine(), empty, systemClock);
    const reference = expectOk(await generate(engine(), prompt, params), 'single process');
    const { handoff, out, started } = await disaggregated(prefill, batcher(), prompt, params);
    expect(handoff.storeFailed).toBe(true);
    expect(started).toMatchObject({ loadedTokens: 0, computedTokens: prompt.length });
    expect(out.tokens).toEqual(reference.tokens);
  });
});
