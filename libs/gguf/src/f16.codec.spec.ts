import { decodeF16, encodeF16, f16BitsToF32, f32ToF16Bits } from './f16.codec';

describe('f16 codec', () => {
  it.each([
    ['one', 1, 0x3c00],
    ['minus two', -2, 0xc000],
    ['zero', 0, 0x0000],
    ['negative zero', -0, 0x8000],
    ['0.1 rounds to nearest', 0.1, 0x2e66],
    ['one third', 1 / 3, 0x3555],
    ['largest finite', 65504, 0x7bff],
    ['just below the overflow tie', 65519, 0x7bff],
    ['overflow tie rounds to even, which is infinity', 65520, 0x7c00],
    ['too large', 1e6, 0x7c00],
    ['infinity', Infinity, 0x7c00],
    ['negative infinity', -Infinity, 0xfc00],
    ['smallest normal', 2 ** -14, 0x0400],
    ['largest subnormal', 1023 * 2 ** -24, 0x03ff],
    ['smallest subnormal', 2 ** -24, 0x0001],
    ['half the smallest subnormal ties to even zero', 2 ** -25, 0x0000],
    ['just above half the smallest subnormal', 2 ** -25 * (1 + 2 ** -23), 0x0001],
    ['subnormal tie rounds to even', 3 * 2 ** -25, 0x0002],
    ['subnormal rounding up into the normals', (2047 / 2048) * 2 ** -14, 0x0400],
    ['negative subnormal', -(2 ** -24), 0x8001],
    ['far below the subnormals', 1e-30, 0x0000],
    ['tie between 1 and its successor rounds to even', 1 + 2 ** -11, 0x3c00],
    ['tie above an odd mantissa rounds up', 1 + 3 * 2 ** -11, 0x3c02],
    ['above the tie rounds up', 1 + 2 ** -11 + 2 ** -20, 0x3c01],
  ])('encodes %s', (_name, value, bits) => {
    expect(f32ToF16Bits(value)).toBe(bits);
  });

  it('encodes NaN as a NaN, even when only low mantissa bits are set', () => {
    const lowPayloadNaN = new Float32Array(new Uint32Array([0x7f800001]).buffer)[0] ?? 0;
    for (const nan of [NaN, lowPayloadNaN]) {
      const bits = f32ToF16Bits(nan);
      expect(bits & 0x7c00).toBe(0x7c00);
      expect(bits & 0x03ff).not.toBe(0);
    }
  });

  it('decodes known bit patterns', () => {
    expect(f16BitsToF32(0x3c00)).toBe(1);
    expect(f16BitsToF32(0xc000)).toBe(-2);
    expect(f16BitsToF32(0x7bff)).toBe(65504);
    expect(f16BitsToF32(0x0001)).toBe(2 ** -24);
    expect(f16BitsToF32(0x8000)).toBe(-0);
    expect(f16BitsToF32(0xfc00)).toBe(-Infinity);
    expect(f16BitsToF32(0x7e00)).toBeNaN();
  });

  it('round-trips every one of the 65536 bit patterns except NaN payloads', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const decoded = decodeF16(all);
    const encoded = encodeF16(decoded);
    const wrong: number[] = [];
    for (let bits = 0; bits < 65536; bits++) {
      const nan = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (nan ? !Number.isNaN(decoded[bits]) : encoded[bits] !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });

  it('encodes a subarray view without touching its neighbours', () => {
    const backing = new Float32Array([7, 1, -2, 7]);
    expect(Array.from(encodeF16(backing.subarray(1, 3)))).toEqual([0x3c00, 0xc000]);
  });
});
