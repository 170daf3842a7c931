import { tokenLogprobs } from './token-logprobs';

describe('tokenLogprobs', () => {
  const quarters = [Math.log(1), Math.log(2), Math.log(3), Math.log(4)];

  it.each<[string, number[], number, number, number, [number, number][]]>([
    ['softmax of log-weights', quarters, 2, 2, Math.log(0.3), [[3, Math.log(0.4)], [2, Math.log(0.3)]]],
    ['no alternatives', quarters, 0, 0, Math.log(0.1), []],
    ['more alternatives than tokens', [0, 0], 1, 5, Math.log(0.5), [[0, Math.log(0.5)], [1, Math.log(0.5)]]],
    ['ties: lowest id first', [1, 3, 3, 1], 0, 3, 1 - Math.log(2 * Math.E + 2 * Math.E ** 3), [[1, 3 - Math.log(2 * Math.E + 2 * Math.E ** 3)], [2, 3 - Math.log(2 * Math.E + 2 * Math.E ** 3)], [0, 1 - Math.log(2 * Math.E + 2 * Math.E ** 3)]]],
    ['large logits stay finite', [1000, 999], 1, 1, -1 - Math.log1p(Math.exp(-1)), [[0, -Math.log1p(Math.exp(-1))]]],
  ])('%s', (_name, logits, token, top, logprob, expectedTop) => {
    const out = tokenLogprobs(Float32Array.from(logits), token, top);
    const f32 = Float32Array.from(logits);
    expect(out.logprob).toBeCloseTo(logprob, 6);
    expect(out.topLogprobs.map((t) => t.token)).toEqual(expectedTop.map(([t]) => t));
    out.topLogprobs.forEach((t, i) => expect(t.logprob).toBeCloseTo(expectedTop[i]![1], 6));
    expect(f32).toEqual(Float32Array.from(logits));
  });
});
