import { f32Bytes, i32Bytes, unsignedLeb128 } from './leb128.codec';
import { memarg } from './scalar.opcodes';
import { type Code } from './wasm.types';

/** SIMD instructions are the 0xfd prefix then their number as unsigned LEB128. */
function simd(opcode: number, ...immediates: number[]): Code {
  return [0xfd, ...unsignedLeb128(opcode), ...immediates];
}

/**
 * Default alignment hint for 128-bit accesses: 4 bytes. Tensors are float-aligned
 * but rows and KV slots need not be 16-byte aligned; the hint is advisory and must
 * not exceed the real alignment to stay honest, so byte streams pass 0.
 */
const V128_ALIGN_LOG2 = 2;

/** 128-bit SIMD: the f32x4 arithmetic of the kernels, the i32x4 bit tricks of exp, and the i64x2 lanes of XXH3. */
export const simdOps = {
  v128Load: (offsetBytes = 0, alignLog2 = V128_ALIGN_LOG2): Code => simd(0x00, ...memarg(alignLog2, offsetBytes)),
  /** Loads one float and copies it to all four lanes. */
  v128Load32Splat: (offsetBytes = 0): Code => simd(0x09, ...memarg(2, offsetBytes)),
  v128Store: (offsetBytes = 0, alignLog2 = V128_ALIGN_LOG2): Code => simd(0x0b, ...memarg(alignLog2, offsetBytes)),
  f32x4Const: (a: number, b = a, c = a, d = a): Code => simd(0x0c, ...f32Bytes(a), ...f32Bytes(b), ...f32Bytes(c), ...f32Bytes(d)),
  i32x4Const: (a: number, b = a, c = a, d = a): Code => simd(0x0c, ...i32Bytes(a), ...i32Bytes(b), ...i32Bytes(c), ...i32Bytes(d)),
  /** Picks 16 bytes from the 32 of its two operands. */
  i8x16Shuffle: (bytes: readonly number[]): Code => {
    if (bytes.length !== 16 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 31)) throw new RangeError('a shuffle takes 16 byte indices in 0..31');
    return simd(0x0d, ...bytes);
  },
  /** Picks four 32-bit lanes: 0..3 from the first operand, 4..7 from the second. */
  f32x4Shuffle: (a: number, b: number, c: number, d: number): Code =>
    simdOps.i8x16Shuffle([a, b, c, d].flatMap((lane) => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3])),
  i32x4Splat: (): Code => simd(0x11),
  i64x2Splat: (): Code => simd(0x12),
  f32x4Splat: (): Code => simd(0x13),
  i32x4ExtractLane: (lane: number): Code => simd(0x1b, lane),
  f32x4ExtractLane: (lane: number): Code => simd(0x1f, lane),
  f32x4ReplaceLane: (lane: number): Code => simd(0x20, lane),

  i32x4Eq: (): Code => simd(0x37),
  i32x4LtS: (): Code => simd(0x39),
  i32x4GtS: (): Code => simd(0x3b),
  f32x4Eq: (): Code => simd(0x41),
  f32x4Lt: (): Code => simd(0x43),
  f32x4Gt: (): Code => simd(0x44),
  f32x4Le: (): Code => simd(0x45),
  f32x4Ge: (): Code => simd(0x46),

  v128Not: (): Code => simd(0x4d),
  v128And: (): Code => simd(0x4e),
  /** a & ~b. */
  v128AndNot: (): Code => simd(0x4f),
  v128Or: (): Code => simd(0x50),
  v128Xor: (): Code => simd(0x51),
  /** (a & mask) | (b & ~mask), mask on top of the stack. */
  v128Bitselect: (): Code => simd(0x52),
  v128AnyTrue: (): Code => simd(0x53),

  f32x4Nearest: (): Code => simd(0x6a),
  i32x4Shl: (): Code => simd(0xab),
  i32x4ShrS: (): Code => simd(0xac),
  i32x4Add: (): Code => simd(0xae),
  i32x4Sub: (): Code => simd(0xb1),
  i32x4Mul: (): Code => simd(0xb5),
  i64x2ShrU: (): Code => simd(0xcd),
  i64x2Add: (): Code => simd(0xce),
  i64x2Mul: (): Code => simd(0xd5),
  /** The full 64-bit products of the low two u32 lanes of each operand. */
  i64x2ExtmulLowI32x4U: (): Code => simd(0xde),
  /** The full 64-bit products of the high two u32 lanes of each operand. */
  i64x2ExtmulHighI32x4U: (): Code => simd(0xdf),

  f32x4Abs: (): Code => simd(0xe0),
  f32x4Neg: (): Code => simd(0xe1),
  f32x4Sqrt: (): Code => simd(0xe3),
  f32x4Add: (): Code => simd(0xe4),
  f32x4Sub: (): Code => simd(0xe5),
  f32x4Mul: (): Code => simd(0xe6),
  f32x4Div: (): Code => simd(0xe7),
  f32x4Min: (): Code => simd(0xe8),
  f32x4Max: (): Code => simd(0xe9),
  /** b < a ? b : a — one `minps`, unlike the NaN- and zero-sign-careful `f32x4.min`. */
  f32x4Pmin: (): Code => simd(0xea),
  /** a < b ? b : a — one `maxps`, unlike the NaN- and zero-sign-careful `f32x4.max`. */
  f32x4Pmax: (): Code => simd(0xeb),
  i32x4TruncSatF32x4S: (): Code => simd(0xf8),
  f32x4ConvertI32x4S: (): Code => simd(0xfa),
};
