import { expectOk } from '@tsukimi/result';
import { getStringArray } from '../gguf/gguf-metadata.getters';
import { f16BitsToF32, f32ToF16Bits } from '../gguf/f16.codec';
import { readGguf } from '../gguf/gguf.reader';
import { gguf } from '../gguf/gguf-value.builders';
import { GgmlType, GgufType } from '../gguf/gguf.types';
import { LAYER_TENSORS } from './llama-tensors';
import { loadLlamaModel } from './llama-weights';
import { generateTinyModel, TINY_MODEL_DEFAULTS, tinyModelConfig, tinyModelId } from './tiny-model.generator';
import { gpt2ByteStrings } from './tiny-model.vocab';

const DEFAULT_BYTES = generateTinyModel();

function std(values: Float32Array, mean = 0): number {
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

describe('generateTinyModel', () => {
  it('gives the same bytes for the same options and different bytes for another seed', () => {
    expect(Buffer.from(generateTinyModel({ ...TINY_MODEL_DEFAULTS })).equals(DEFAULT_BYTES)).toBe(true);
    expect(Buffer.from(generateTinyModel({ seed: 2 })).equals(DEFAULT_BYTES)).toBe(false);
  });

  it('derives a distinct id from every option', () => {
    expect(tinyModelId()).toBe('tsukimi-tiny-d64-l2-h4-kv2-ff192-ctx2048-f32-s1');
    const variants: Partial<typeof TINY_MODEL_DEFAULTS>[] = [{}, { seed: 2 }, { dim: 128 }, { layers: 3 }, { heads: 8 }, { kvHeads: 4 }, { ffnDim: 256 }, { contextTokens: 512 }, { weightType: 'f16' }];
    expect(new Set(variants.map((v) => tinyModelId(v))).size).toBe(variants.length);
  });

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

  it('writes the same weights at half precision in the F16 variant, norms kept F32', () => {
    const f16Bytes = generateTinyModel({ weightType: 'f16' });
    const file = expectOk(readGguf(f16Bytes), 'read');
    expect(file.tensors.find((t) => t.name === 'blk.0.attn_q.weight')?.type).toBe(GgmlType.F16);
    expect(file.tensors.find((t) => t.name === 'blk.0.attn_norm.weight')?.type).toBe(GgmlType.F32);
    const half = expectOk(loadLlamaModel(f16Bytes), 'load f16');
    const full = expectOk(loadLlamaModel(DEFAULT_BYTES), 'load f32');
    expect(half.config).toEqual(full.config);
    expect(Array.from(half.weights.layers[1]?.wDown ?? [])).toEqual(Array.from(full.weights.layers[1]?.wDown ?? [], (v) => f16BitsToF32(f32ToF16Bits(v))));
    expect(half.weights.outputNorm).toEqual(full.weights.outputNorm);
  });

  it('carries the byte-level vocabulary and tokenizer keys llama.cpp needs', () => {
    const { metadata } = expectOk(readGguf(DEFAULT_BYTES), 'read');
    const tokens = expectOk(getStringArray(metadata, 'tokenizer.ggml.tokens'), 'tokens');
    expect(tokens).toHaveLength(259);
    expect([tokens[10], tokens[32], tokens[65], tokens[0xad], tokens[0xe9], tokens[255]]).toEqual(['Ċ', 'Ġ', 'A', 'Ń', 'é', 'ÿ']);
    expect(tokens.slice(256)).toEqual(['<|bos|>', '<|eos|>', '<|pad|>']);
    expect(new Set(gpt2ByteStrings()).size).toBe(256);
    expect(metadata.get('tokenizer.ggml.model')).toEqual({ type: GgufType.STRING, value: 'gpt2' });
    expect(metadata.get('tokenizer.ggml.pre')).toEqual({ type: GgufType.STRING, value: 'gpt-2' });
    expect(metadata.get('tokenizer.ggml.merges')).toEqual({ type: GgufType.ARRAY, itemType: GgufType.STRING, items: [] });
    const types = metadata.get('tokenizer.ggml.token_type');
    expect(types?.type === GgufType.ARRAY ? [types.itemType, types.items[0], types.items[256], types.items[258]] : []).toEqual([GgufType.INT32, 1, 3, 3]);
    expect(['bos', 'eos', 'padding'].map((k) => metadata.get(`tokenizer.ggml.${k}_token_id`))).toEqual([256, 257, 258].map((id) => gguf.u32(id)));
    expect(['add_bos_token', 'add_eos_token'].map((k) => metadata.get(`tokenizer.ggml.${k}`))).toEqual([gguf.bool(false), gguf.bool(false)]);
    expect(metadata.get('general.alignment')).toEqual({ type: GgufType.UINT32, value: 32 });
    expect(metadata.get('general.file_type')).toEqual({ type: GgufType.UINT32, value: 0 });
  });

  it('refuses options that describe no valid model', () => {
    expect(tinyModelConfig({ dim: 64, heads: 5 })).toMatchObject({ ok: false, error: { field: 'headDim' } });
    expect(() => generateTinyModel({ heads: 4, kvHeads: 3 })).toThrow(/kvHeads/);
  });
});
