import { getArray, getBool, getF32, getI64, getInteger, getNumber, getString, getStringArray, getU32, getU64 } from './gguf-metadata.getters';
import { gguf } from './gguf-value.builders';
import { GgufType, type GgufValue } from './gguf.types';

const meta = new Map<string, GgufValue>([
  ['llama.block_count', gguf.u32(2)],
  ['general.name', gguf.str('tiny')],
  ['eps', gguf.f32(Math.fround(1e-5))],
  ['big', gguf.u64(2n ** 60n)],
  ['small', gguf.i64(-3n)],
  ['i8', gguf.i8(-7)],
  ['flag', gguf.bool(true)],
  ['tokens', gguf.arr(GgufType.STRING, ['a', 'b'])],
  ['ids', gguf.arr(GgufType.INT32, [1, 2])],
]);

describe('metadata getters', () => {
  it('return the value of a key of the expected type', () => {
    expect(getU32(meta, 'llama.block_count')).toEqual({ ok: true, value: 2 });
    expect(getString(meta, 'general.name')).toEqual({ ok: true, value: 'tiny' });
    expect(getF32(meta, 'eps')).toEqual({ ok: true, value: Math.fround(1e-5) });
    expect(getU64(meta, 'big')).toEqual({ ok: true, value: 2n ** 60n });
    expect(getI64(meta, 'small')).toEqual({ ok: true, value: -3n });
    expect(getBool(meta, 'flag')).toEqual({ ok: true, value: true });
    expect(getStringArray(meta, 'tokens')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(getArray(meta, 'ids')).toEqual({ ok: true, value: gguf.arr(GgufType.INT32, [1, 2]) });
  });

  it('name a missing key', () => {
    expect(getU32(meta, 'llama.context_length')).toEqual({
      ok: false,
      error: { kind: 'missing-key', key: 'llama.context_length', message: "metadata key 'llama.context_length' is missing" },
    });
  });

  it.each([
    ['a string read as u32', () => getU32(meta, 'general.name'), 'STRING'],
    ['an array read as a string', () => getString(meta, 'tokens'), 'ARRAY of STRING'],
    ['an int array read as strings', () => getStringArray(meta, 'ids'), 'ARRAY of INT32'],
    ['a scalar read as an array', () => getArray(meta, 'flag'), 'BOOL'],
    ['a u64 beyond 2^53 read as an integer', () => getInteger(meta, 'big'), 'UINT64'],
    ['a float read as an integer', () => getInteger(meta, 'eps'), 'FLOAT32'],
  ])('name the key and both types for %s', (_name, get, found) => {
    const result = get();
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.kind === 'wrong-type') expect(result.error.found).toBe(found);
    expect(result.ok ? '' : result.error.message).toMatch(/^metadata key '.+' is /);
  });

  it('accept any integer width in getInteger and any number in getNumber', () => {
    expect(getInteger(meta, 'i8')).toEqual({ ok: true, value: -7 });
    expect(getInteger(meta, 'small')).toEqual({ ok: true, value: -3 });
    expect(getNumber(meta, 'eps')).toEqual({ ok: true, value: Math.fround(1e-5) });
    expect(getNumber(meta, 'llama.block_count')).toEqual({ ok: true, value: 2 });
  });
});
