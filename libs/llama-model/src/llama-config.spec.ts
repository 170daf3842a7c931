import { gguf, GgufType, type GgufValue } from '@tsukimi/gguf';
import { type LlamaConfig, llamaConfigFromMetadata, llamaConfigMetadata, validateLlamaConfig } from './llama-config';

const CONFIG: LlamaConfig = {
  vocabSize: 259,
  dim: 64,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  headDim: 16,
  ffnDim: 192,
  contextTokens: 2048,
  rmsEps: Math.fround(1e-5),
  ropeBase: 10000,
};

function metadata(config: LlamaConfig = CONFIG): Map<string, GgufValue> {
  return new Map([['general.architecture', gguf.str('llama')], ...llamaConfigMetadata(config)]);
}

describe('LlamaConfig', () => {
  it('reads back the metadata it writes', () => {
    expect(llamaConfigFromMetadata(metadata())).toEqual({ ok: true, value: CONFIG });
  });

  it.each<[string, Partial<LlamaConfig>, keyof LlamaConfig]>([
    ['dim that is not heads × headDim', { dim: 60 }, 'dim'],
    ['heads not a multiple of kvHeads', { kvHeads: 3 }, 'kvHeads'],
    ['odd headDim', { dim: 60, heads: 4, headDim: 15 }, 'headDim'],
    ['zero layers', { layers: 0 }, 'layers'],
    ['fractional ffnDim', { ffnDim: 1.5 }, 'ffnDim'],
    ['non-positive rmsEps', { rmsEps: 0 }, 'rmsEps'],
    ['infinite ropeBase', { ropeBase: Infinity }, 'ropeBase'],
  ])('refuses %s, naming the field', (_name, change, field) => {
    const result = validateLlamaConfig({ ...CONFIG, ...change });
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'invalid-config', field });
  });

  it('defaults the optional keys as llama.cpp does', () => {
    const meta = metadata();
    for (const key of ['llama.attention.head_count_kv', 'llama.rope.dimension_count', 'llama.rope.freq_base', 'llama.vocab_size']) meta.delete(key);
    meta.set('tokenizer.ggml.tokens', gguf.arr(GgufType.STRING, ['a', 'b', 'c', 'd']));
    expect(llamaConfigFromMetadata(meta)).toEqual({ ok: true, value: { ...CONFIG, kvHeads: 4, vocabSize: 4 } });
  });

  it('accepts integer keys of any width', () => {
    const meta = metadata();
    meta.set('llama.block_count', gguf.u64(2n));
    meta.set('llama.context_length', gguf.i32(2048));
    expect(llamaConfigFromMetadata(meta)).toEqual({ ok: true, value: CONFIG });
  });

  it.each([
    'general.architecture',
    'llama.embedding_length',
    'llama.block_count',
    'llama.attention.head_count',
    'llama.feed_forward_length',
    'llama.context_length',
    'llama.attention.layer_norm_rms_epsilon',
  ])('names the missing key %s', (key) => {
    const meta = metadata();
    meta.delete(key);
    const result = llamaConfigFromMetadata(meta);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'missing-key', key });
  });

  it('names llama.vocab_size when neither it nor a token list is present', () => {
    const meta = metadata();
    meta.delete('llama.vocab_size');
    const result = llamaConfigFromMetadata(meta);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'missing-key', key: 'llama.vocab_size' });
  });

  it('refuses other architectures and mistyped keys', () => {
    const other = metadata().set('general.architecture', gguf.str('qwen2'));
    expect(llamaConfigFromMetadata(other)).toMatchObject({ ok: false, error: { kind: 'unsupported-architecture', architecture: 'qwen2' } });
    const mistyped = metadata().set('llama.block_count', gguf.str('2'));
    expect(llamaConfigFromMetadata(mistyped)).toMatchObject({ ok: false, error: { kind: 'wrong-type', key: 'llama.block_count' } });
  });
});
