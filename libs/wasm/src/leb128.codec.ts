/**
 * Unsigned LEB128, the encoding of every index, count and size in a WebAssembly
 * binary: seven bits per byte, low bits first, high bit set on all but the last.
 */
export function unsignedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32: ${value}`);
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/**
 * Signed LEB128 of a 32-bit integer, the immediate of `i32.const`. Values in
 * [2³¹, 2³²) are taken as their two's-complement i32, so byte addresses above
 * 2 GiB encode as WebAssembly sees them.
 */
export function signedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) throw new RangeError(`not an i32: ${value}`);
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

/**
 * Signed LEB128 of a 64-bit integer, the immediate of `i64.const`. Values in
 * [2⁶³, 2⁶⁴) are taken as their two's-complement i64, so u64 constants encode
 * as WebAssembly sees them. Seven bits are peeled off until the rest fits an
 * i32, whose encoding finishes the number.
 */
export function signedLeb128I64(value: bigint): number[] {
  if (value < -(2n ** 63n) || value >= 2n ** 64n) throw new RangeError(`not an i64: ${value}`);
  const bytes: number[] = [];
  let rest = BigInt.asIntN(64, value);
  while (rest < -0x80000000n || rest > 0x7fffffffn) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  return [...bytes, ...signedLeb128(Number(rest))];
}

/** Eight bytes to reinterpret numbers through; every use reads back what it wrote at once. */
const scratch = new DataView(new ArrayBuffer(8));

/** Little-endian IEEE-754 single: the immediate of `f32.const` and the lanes of `v128.const`. */
export function f32Bytes(value: number): number[] {
  scratch.setFloat32(0, value, true);
  return [scratch.getUint8(0), scratch.getUint8(1), scratch.getUint8(2), scratch.getUint8(3)];
}

/** Little-endian IEEE-754 double: the immediate of `f64.const`. */
export function f64Bytes(value: number): number[] {
  scratch.setFloat64(0, value, true);
  return Array.from({ length: 8 }, (_, i) => scratch.getUint8(i));
}

/** Little-endian 32-bit integer: the lanes of an integer `v128.const`. */
export function i32Bytes(value: number): number[] {
  scratch.setInt32(0, value | 0, true);
  return [scratch.getUint8(0), scratch.getUint8(1), scratch.getUint8(2), scratch.getUint8(3)];
}

/** A name as WebAssembly stores it: its UTF-8 length, then the bytes. */
export function nameBytes(name: string): number[] {
  const utf8 = new TextEncoder().encode(name);
  return [...unsignedLeb128(utf8.length), ...utf8];
}
