import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argmax } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { BENCH_SIZES, benchPrompt, type BenchSize } from './engine-bench.sizes';
import { measurePrefillPair, openPrefillPair, type PrefillPair } from './prefill-pair.measure';

/** The benchmark's sizes with short prompts: what both sides load and compute, not how fast. */
const shortened = (name: string): BenchSize => ({ ...BENCH_SIZES.find((size) => size.name === name)!, promptTokens: 48, repeats: 1 });

// The smallest size only: each size goes through the same code on both sides, and a larger one
// costs the suite its model's generation and two loads (about 40 s at d512_l8 on 2 cores).
describe.each(['tiny'])('engine benchmark pair at %s', (name) => {
  let dir: string;
  let pair: PrefillPair;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-engine-spec-'));
    pair = await openPrefillPair(shortened(name), dir, 64);
  }, 120_000);

  afterAll(async () => {
    await pair?.oracle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the same model on both sides and computes the same next token from the same prompt', async () => {
    const prompt = benchPrompt(pair.size.promptTokens, 0);
    const sequence = pair.engine.openSequence('spec');
    const logits = expectOk(pair.engine.prefillNow(sequence, prompt), 'prefill').logits;
    pair.engine.closeSequence(sequence);
    expect(pair.engine.config).toMatchObject({ dim: pair.size.model.dim, layers: pair.size.model.layers, kvHeads: pair.size.model.kvHeads, ffnDim: pair.size.model.ffnDim });
    expect(await pair.oracle.greedy(prompt, 1)).toEqual([argmax(logits[0]!)]);
  });

  it('times every repeat on both sides with every prompt token computed', async () => {
    const samples = await measurePrefillPair(pair, 1);
    expect(samples.oursMs).toHaveLength(pair.size.repeats);
    expect(samples.llamacpp).toHaveLength(pair.size.repeats);
  });
});
