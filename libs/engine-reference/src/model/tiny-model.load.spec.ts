import { f16BitsToF32, f32ToF16Bits } from '@tsukimi/gguf';
import { LAYER_TENSORS, generateTinyModel, tinyModelConfig, tinyModelId } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { loadLlamaModel } from './llama-weights';

const DEFAULT_BYTES = generateTinyModel();

function std(values: Float32Array, mean = 0): number {
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

describe('the generated tiny model in the reference engine', () => {
  it('loads back with its config, id and tensor shapes', () => {
    const model = expectOk(loadLlamaModel(DEFAULT_BYTES), 'load');
    expect(model.config).toEqual({ ...expectOk(tinyModelConfig(), 'config'), rmsEps: Math.fround(1e-5) });
    expect(model.config).toMatchObject({ vocabSize: 259, dim: 64, layers: 2, heads: 4, kvHeads: 2, headDim: 16, ffnDim: 192, contextTokens: 2048, ropeBase: 10000 });
    expect(model.modelId).toBe(tinyModelId());
    const { weights } = model;
    expect([weights.tokenEmbedding.length, weights.output.length, weights.outputNorm.length]).toEqual([259 * 64, 259 * 64, 64]);
    expect(weights.layers).toHaveLength(2);
    for (const layer of weights.layers) {
      expect(LAYER_TENSORS.map((part) => layer[part].length)).toEqual([64, 64 * 64, 32 * 64, 32 * 64, 64 * 64, 64, 192 * 64, 192 * 64, 64 * 192]);
    }
  });

  it('draws weights at the documented scales', () => {
    const { weights } = expectOk(loadLlamaModel(DEFAULT_BYTES), 'load');
    const layer = weights.layers[0];
    expect(std(weights.tokenEmbedding)).toBeCloseTo(1, 1);
    expect(std(layer?.wq ?? new Float32Array()) * Math.sqrt(64)).toBeCloseTo(1, 1);
    expect(std(layer?.wDown ?? new Float32Array()) * Math.sqrt(192)).toBeCloseTo(1, 1);
    expect(std(layer?.attnNorm ?? new Float32Array(), 1)).toBeCloseTo(0.1, 1);
    expect(std(weights.output) * Math.sqrt(64)).toBeCloseTo(2.5, 0);
  });

  it('reads the F16 variant as the F32 weights rounded to half precision, norms unchanged', () => {
    const half = expectOk(loadLlamaModel(generateTinyModel({ weightType: 'f16' })), 'load f16');
    const full = expectOk(loadLlamaModel(DEFAULT_BYTES), 'load f32');
    expect(half.config).toEqual(full.config);
    expect(Array.from(half.weights.layers[1]?.wDown ?? [])).toEqual(Array.from(full.weights.layers[1]?.wDown ?? [], (v) => f16BitsToF32(f32ToF16Bits(v))));
    expect(half.weights.outputNorm).toEqual(full.weights.outputNorm);
  });
});
