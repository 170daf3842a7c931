const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of `value`, rounded to nearest, ties to even; NaN stays NaN (quiet). */
export function f32ToF16Bits(value: number): number {
  f32[0] = value;
  return f32BitsToF16Bits(f32Bits[0] ?? 0);
}

function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Below half the smallest subnormal (2^-25) everything rounds to zero; exactly half ties to even zero.
    if (e < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    return sign | roundShift(significand, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent, up to infinity.
  return sign | (((e << 10) | (mantissa >>> 13)) + roundBit(mantissa, 13, mantissa >>> 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  return kept + roundBit(value, shift, kept);
}

function roundBit(value: number, shift: number, kept: number): number {
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0;
}

export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

let decodeTable: Float32Array | undefined;

/** Every binary16 value as a float, built once on first use (256 KiB). */
function f16Table(): Float32Array {
  if (decodeTable === undefined) {
    decodeTable = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) decodeTable[bits] = f16BitsToF32(bits);
  }
  return decodeTable;
}

export function decodeF16(halves: Uint16Array): Float32Array {
  const table = f16Table();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i] as number] as number;
  return out;
}

export function encodeF16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32BitsToF16Bits(bits[i] as number);
  return out;
}
