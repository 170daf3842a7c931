import { blockKeyFromU64, blockKeyToU64, parseBlockKey } from './block-key';
import { modelHashFromU64, parseModelHash } from './model-hash';

describe('BlockKey and ModelHash text form', () => {
  it.each([
    [0n, '0000000000000000'],
    [1n, '0000000000000001'],
    [0xdeadbeefn, '00000000deadbeef'],
    [(1n << 64n) - 1n, 'ffffffffffffffff'],
  ])('formats %p as %s and back', (value, text) => {
    expect(blockKeyFromU64(value)).toBe(text);
    expect(modelHashFromU64(value)).toBe(text);
    expect(blockKeyToU64(blockKeyFromU64(value))).toBe(value);
  });

  it.each([-1n, 1n << 64n])('refuses %p, which is not a u64', (value) => {
    expect(() => blockKeyFromU64(value)).toThrow(RangeError);
  });

  it.each(['00000000deadbeef', 'ffffffffffffffff'])('parses canonical %s', (text) => {
    expect(parseBlockKey(text)).toEqual({ ok: true, value: text });
    expect(parseModelHash(text)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['', 'expected 16 hex digits, got 0 characters'],
    ['deadbeef', 'expected 16 hex digits, got 8 characters'],
    ['00000000DEADBEEF', 'expected lowercase hex digits only'],
    ['0x000000deadbeef', 'expected lowercase hex digits only'],
    ['00000000deadbeef0', 'expected 16 hex digits, got 17 characters'],
  ])('refuses %p: %s', (text, reason) => {
    expect(parseBlockKey(text)).toEqual({ ok: false, error: { kind: 'malformed-id', idType: 'BlockKey', value: text, reason } });
    expect(parseModelHash(text).ok).toBe(false);
  });

  it('cuts a long malformed value short in the error', () => {
    const parsed = parseBlockKey('x'.repeat(10_000));
    expect(!parsed.ok && parsed.error.value.length).toBe(40);
  });
});
