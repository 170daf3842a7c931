import { expectOk } from '@tsukimi/result';
import { getStringArray, GgmlType, gguf, GgufType, readGguf } from '@tsukimi/gguf';
import { generateTinyModel, TINY_MODEL_DEFAULTS, tinyModelConfig, tinyModelId } from './tiny-model.generator';
import { gpt2ByteStrings } from './tiny-model.vocab';

const DEFAULT_BYTES = generateTinyModel();

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

  it('writes F16 weight matrices and F32 norms in the F16 variant', () => {
    const f16Bytes = generateTinyModel({ weightType: 'f16' });
    const file = expectOk(readGguf(f16Bytes), 'read');
    expect(file.tensors.find((t) => t.name === 'blk.0.attn_q.weight')?.type).toBe(GgmlType.F16);
    expect(file.tensors.find((t) => t.name === 'blk.0.attn_norm.weight')?.type).toBe(GgmlType.F32);
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
