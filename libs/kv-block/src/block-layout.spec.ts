import { blockLayoutsEqual, payloadBytes, validateBlockLayout, type BlockLayout } from './block-layout';

const tiny: BlockLayout = { layers: 2, kvHeads: 2, headDim: 32, blockSizeTokens: 16, dtype: 'f32' };

describe('BlockLayout', () => {
  it.each<[string, BlockLayout, number]>([
    ['tiny f32', tiny, 2 * 2 * 16 * 2 * 32 * 4],
    ['tiny f16', { ...tiny, dtype: 'f16' }, 2 * 2 * 16 * 2 * 32 * 2],
    ['one token, one element', { layers: 1, kvHeads: 1, headDim: 1, blockSizeTokens: 1, dtype: 'f16' }, 4],
    // 320 KiB of KV per token, the figure Mooncake gives for LLaMA3-70B.
    ['LLaMA3-70B f16, one token', { layers: 80, kvHeads: 8, headDim: 128, blockSizeTokens: 1, dtype: 'f16' }, 320 * 1024],
  ])('%s holds %i payload bytes', (_name, layout, bytes) => {
    expect(payloadBytes(layout)).toBe(bytes);
  });

  it.each<[string, Partial<BlockLayout>, boolean]>([
    ['itself', {}, true],
    ['another dtype', { dtype: 'f16' }, false],
    ['another layer count', { layers: 3 }, false],
    ['another kv head count', { kvHeads: 4 }, false],
    ['another head dim', { headDim: 64 }, false],
    ['another block size', { blockSizeTokens: 32 }, false],
  ])('equals a copy with %s: %p', (_name, change, equal) => {
    expect(blockLayoutsEqual(tiny, { ...tiny, ...change })).toBe(equal);
  });

  it('validates to a copy holding only the layout fields', () => {
    expect(validateBlockLayout({ ...tiny, extra: 1 } as BlockLayout)).toEqual({ ok: true, value: tiny });
  });

  it.each<[Partial<Record<keyof BlockLayout, unknown>>, string]>([
    [{ layers: 0 }, 'layers'],
    [{ kvHeads: 2.5 }, 'kvHeads'],
    [{ headDim: 65_536 }, 'headDim'],
    [{ blockSizeTokens: -16 }, 'blockSizeTokens'],
    [{ dtype: 'bf16' }, 'dtype'],
    [{ layers: 160, kvHeads: 64, headDim: 128, blockSizeTokens: 512, dtype: 'f32' }, 'payloadBytes'],
  ])('refuses %p, naming %s', (change, field) => {
    const result = validateBlockLayout({ ...tiny, ...change } as BlockLayout);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-layout', field } });
  });
});
