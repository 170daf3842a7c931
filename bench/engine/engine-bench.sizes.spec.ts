import { tinyModelConfig } from '@tsukimi/llama-model';
import { type OracleTiming } from '@tsukimi/engine-llamacpp';
import { BENCH_SIZES, benchPrompt, selectSizes } from './engine-bench.sizes';
import { prefillFigures } from './prefill-pair.measure';

const byName = (name: string) => BENCH_SIZES.find((size) => size.name === name)!;

describe('engine benchmark sizes', () => {
  it.each([
    ['tiny', { dim: 64, layers: 2 }],
    ['d512_l8', { dim: 512, layers: 8 }],
    ['d1024_l8', { dim: 1024, layers: 8 }],
  ])('%s is the model its name says, valid, with the prompt inside its context', (name, shape) => {
    const size = byName(name);
    expect(size.model).toMatchObject(shape);
    expect(tinyModelConfig(size.model).ok).toBe(true);
    expect(size.promptTokens).toBeLessThanOrEqual(size.model.contextTokens);
    expect(size.repeats).toBeGreaterThanOrEqual(3);
  });

  it('gives each run its own prompt of byte tokens, the same every time', () => {
    const first = benchPrompt(512, 0);
    expect(first).toHaveLength(512);
    expect(first.every((token) => Number.isInteger(token) && token >= 0 && token < 256)).toBe(true);
    expect(benchPrompt(512, 0)).toEqual(first);
    expect(benchPrompt(512, 1)).not.toEqual(first);
    expect(benchPrompt(512, -1)).not.toEqual(first);
  });

  it.each([
    [undefined, ['tiny', 'd512_l8', 'd1024_l8']],
    ['d1024_l8,tiny', ['tiny', 'd1024_l8']],
  ])('selects sizes %s in table order', (list, names) => {
    expect(selectSizes(list).map((size) => size.name)).toEqual(names);
  });

  it('refuses a size it does not know', () => {
    expect(() => selectSizes('tiny,d4096')).toThrow(/unknown d4096/);
  });
});

describe('prefill figures', () => {
  const timing = (prefillMs: number): OracleTiming => ({ prefillMs, decodeMsPerToken: 1 });

  it.each([
    ['slower', [300, 200, 250], [100, 100, 100], 2.5],
    ['faster', [50, 50, 60], [100, 100, 100], 0.5],
  ])('reads the ratio as our time over llama.cpp\'s: ours %s', (_, oursMs, llamacppMs, ratio) => {
    const figures = prefillFigures(byName('tiny'), { oursMs, llamacpp: llamacppMs.map(timing) });
    expect(figures.prefill_time_ratio_ours_over_llamacpp).toBe(ratio);
    expect(figures.prefill_tokens_per_s_ours / figures.prefill_tokens_per_s_llamacpp).toBeCloseTo(1 / ratio, 2);
  });
});
