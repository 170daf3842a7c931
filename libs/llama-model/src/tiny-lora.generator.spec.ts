import { expectOk } from '@tsukimi/result';
import { GgmlType, gguf, readGguf, readTensor } from '@tsukimi/gguf';
import { generateTinyLora, TINY_LORA_DEFAULTS } from './tiny-lora.generator';
import { generateTinyModel } from './tiny-model.generator';

const BASE = generateTinyModel();
const DEFAULT_LORA = expectOk(generateTinyLora(BASE), 'default LoRA');

describe('generateTinyLora', () => {
  it('carries the adapter keys llama.cpp checks', () => {
    const { metadata } = expectOk(readGguf(DEFAULT_LORA), 'read');
    expect(metadata.get('general.type')).toEqual(gguf.str('adapter'));
    expect(metadata.get('general.architecture')).toEqual(gguf.str('llama'));
    expect(metadata.get('adapter.type')).toEqual(gguf.str('lora'));
    expect(metadata.get('adapter.lora.alpha')).toEqual(gguf.f32(TINY_LORA_DEFAULTS.alpha));
  });

  it('writes an F32 A [in, rank] and B [rank, out] pair for every targeted projection of every layer, and nothing else', () => {
    const file = expectOk(readGguf(generateTinyModel({ dim: 32, heads: 4, kvHeads: 1, ffnDim: 48, layers: 3 })), 'base');
    const lora = expectOk(readGguf(expectOk(generateTinyLora(file.bytes, { rank: 3, targets: ['wk', 'wDown'] }), 'lora')), 'read');
    expect(lora.tensors.map((t) => [t.name, t.dims.map(Number)])).toEqual(
      [0, 1, 2].flatMap((layer) => [
        [`blk.${layer}.attn_k.weight.lora_a`, [32, 3]],
        [`blk.${layer}.attn_k.weight.lora_b`, [3, 8]],
        [`blk.${layer}.ffn_down.weight.lora_a`, [48, 3]],
        [`blk.${layer}.ffn_down.weight.lora_b`, [3, 32]],
      ]),
    );
    expect(lora.tensors.every((t) => t.type === GgmlType.F32)).toBe(true);
  });

  it('gives the same bytes for the same options and other bytes for another seed', () => {
    expect(Buffer.from(expectOk(generateTinyLora(BASE, { ...TINY_LORA_DEFAULTS }), 'again')).equals(DEFAULT_LORA)).toBe(true);
    expect(Buffer.from(expectOk(generateTinyLora(BASE, { seed: 2 }), 'seed 2')).equals(DEFAULT_LORA)).toBe(false);
  });

  it('makes alpha / rank · B·A as large as the base weights at scaleStd 1, and zero at scaleStd 0', () => {
    const rms = (scaleStd: number): number => {
      const file = expectOk(readGguf(expectOk(generateTinyLora(BASE, { scaleStd, rank: 8, alpha: 8 }), 'lora')), 'read');
      const a = expectOk(readTensor(file, 'blk.0.attn_q.weight.lora_a'), 'a');
      const b = expectOk(readTensor(file, 'blk.0.attn_q.weight.lora_b'), 'b');
      const [inputs, rank, outputs] = [64, 8, 64];
      let sum = 0;
      for (let o = 0; o < outputs; o++) {
        for (let i = 0; i < inputs; i++) {
          let delta = 0;
          for (let r = 0; r < rank; r++) delta += b[o * rank + r]! * a[r * inputs + i]!;
          sum += delta * delta;
        }
      }
      return Math.sqrt(sum / (inputs * outputs));
    };
    expect(rms(1) * Math.sqrt(64)).toBeGreaterThan(0.7);
    expect(rms(1) * Math.sqrt(64)).toBeLessThan(1.3);
    expect(rms(0)).toBe(0);
  });

  it.each([
    ['rank 0', { rank: 0 }, 'rank'],
    ['alpha 0', { alpha: 0 }, 'alpha'],
    ['negative scaleStd', { scaleStd: -1 }, 'scaleStd'],
    ['no targets', { targets: [] }, 'targets'],
    ['a norm as target', { targets: ['attnNorm'] as never }, 'targets'],
    ['a target twice', { targets: ['wq', 'wq'] as const }, 'targets'],
  ] as const)('refuses %s', (_name, options, key) => {
    expect(generateTinyLora(BASE, options)).toMatchObject({ ok: false, error: { kind: 'invalid-lora-option', key } });
  });

  it('refuses a base that is not a Llama GGUF', () => {
    expect(generateTinyLora(new Uint8Array([1, 2, 3, 4]))).toMatchObject({ ok: false, error: { kind: 'bad-magic' } });
    expect(generateTinyLora(DEFAULT_LORA)).toMatchObject({ ok: false, error: { kind: 'missing-key' } });
  });
});
