import { predictDecodeStepMs, predictPrefillMs } from '@tsukimi/scheduler';
import { ROUND_MODEL, ROUND_NODE } from '../testing/round-numbers.sheets';
import { CostModel } from './cost.model';
import { kvBytesPerToken, MODEL_PRESETS, type ModelSheet } from './model.spec-sheet';
import { NODE_PRESETS, type NodeSheet } from './node.spec-sheet';

/** Two layers and 5 KV heads of 100: 2,000 B of KV a token; HBM half reserved. */
const model: ModelSheet = { ...ROUND_MODEL, layers: 2, kvHeads: 5 };
const node: NodeSheet = { ...ROUND_NODE, hbmBytesPerGpu: 2e9, ssdReadBytesPerS: 1e8, hbmReserveRatio: 0.5 };
const cost = new CostModel(model, node, 16);

describe('CostModel', () => {
  it('takes 320 KiB of fp16 KV a token for both 70B presets (80 layers, 8 KV heads of 128)', () => {
    expect(kvBytesPerToken(MODEL_PRESETS['llama3-70b']!)).toBe(327_680);
    expect(kvBytesPerToken(MODEL_PRESETS['llama2-70b']!)).toBe(327_680);
    expect(kvBytesPerToken(model)).toBe(2 * 2 * 5 * 100);
  });

  it.each([
    // A fresh prompt: l·(22nd² + 4n(n+1)d), the paper's l·(4n²d + 22nd²) with the causal diagonal.
    { n: 1000, reused: 0, flops: 2 * (22 * 1000 * 1e6 + 4 * 1000 * 1001 * 1000) },
    // 600 cached, 400 computed: 22·400·d² for the linear layers, 8d·(400·600 + 400·401/2) for attention.
    { n: 1000, reused: 600, flops: 2 * (22 * 400 * 1e6 + 8 * 1000 * (400 * 600 + (400 * 401) / 2)) },
    // Everything cached: the last token is still computed, attending to the 999 before it and itself.
    { n: 1000, reused: 1000, flops: 2 * (22 * 1e6 + 8 * 1000 * 1000) },
  ])('prefills $n tokens after $reused cached in $flops FLOPs', ({ n, reused, flops }) => {
    expect(cost.prefillFlops(n, reused)).toBe(flops);
    expect(cost.prefillMs(n, reused)).toBeCloseTo(flops / 1e9, 9);
  });

  it('times a decode step by the bytes it reads: the weights once, then every context token\'s KV', () => {
    expect(cost.decodeStepMs(0, 0)).toBe(0);
    expect(cost.decodeStepMs(3, 5000)).toBeCloseTo(((1e9 + 5000 * 2000) / 1e11) * 1000, 9);
  });

  it('times a step mixing prompt chunks and decodes as a lone prefill or a lone decode step where it is one', () => {
    expect(cost.mixedStepMs([], 3, 5000)).toBeCloseTo(cost.decodeStepMs(3, 5000), 9);
    // 1000 tokens' linear FLOPs (44e9, at 1e9 FLOP/ms) outlast reading the weights (10 ms): compute-bound, as a prefill is.
    expect(cost.mixedStepMs([{ computed: 1000, reused: 600 }], 0, 0)).toBeCloseTo(cost.prefillMs(1600, 600), 9);
    // Both together: one pass of the linear layers over 1003 tokens, then each kind of attention.
    expect(cost.mixedStepMs([{ computed: 1000, reused: 600 }], 3, 5000)).toBeCloseTo(cost.prefillMs(1600, 600) + (2 * 22 * 3 * 1e6) / 1e9 + (5000 * 2000) / 1e8, 9);
  });

  it('leaves HBM past the reserve and the weights to KV', () => {
    expect(cost.kvCapacityTokens).toBe((2e9 * 0.5 - 1e9) / 2000);
    expect(new CostModel(MODEL_PRESETS['llama3-70b']!, NODE_PRESETS['8xa800']!, 512).kvCapacityTokens).toBe(Math.floor((640e9 * 0.9 - 141.1e9) / 327_680));
  });

  it('hands KV to decode layer by layer during the prefill: only the excess, and at least one layer\'s share, is left after it', () => {
    // 1000 tokens × 2000 B at 1 GB/s: 2 ms to send.
    expect(cost.kvHandoffMs(1000, 10)).toBeCloseTo(1, 9);
    expect(cost.kvHandoffMs(1000, 0.5)).toBeCloseTo(1.5, 9);
  });

  it('gives the scheduler an engine profile that predicts exactly its own times', () => {
    const profile = cost.engineProfile();
    expect(profile.blockBytes).toBe(16 * 2000);
    for (const [n, reused] of [[1000, 0], [1000, 600], [17, 16]] as const) {
      expect(predictPrefillMs(profile.prefill, n, reused)).toBeCloseTo(cost.prefillMs(n, reused), 9);
    }
    expect(predictDecodeStepMs(profile.decode, 4, 9000)).toBeCloseTo(cost.decodeStepMs(4, 9000), 9);
  });

  it('fetches blocks at the network\'s bandwidth, or an SSD\'s where slower', () => {
    expect(cost.transferMs(10, 'dram')).toBeCloseTo(((10 * 16 * 2000) / 1e9) * 1000, 9);
    expect(cost.transferMs(10, 'ssd')).toBeCloseTo(((10 * 16 * 2000) / 1e8) * 1000, 9);
  });
});
