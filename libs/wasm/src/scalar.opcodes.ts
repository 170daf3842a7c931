import { f32Bytes, f64Bytes, signedLeb128, signedLeb128I64, unsignedLeb128 } from './leb128.codec';
import { type Code } from './wasm.types';

/** The memory immediate: log2 of the alignment hint, then a constant byte offset added to the address. */
export function memarg(alignLog2: number, offsetBytes: number): number[] {
  return [...unsignedLeb128(alignLog2), ...unsignedLeb128(offsetBytes)];
}

/**
 * Scalar i32, i64, f32 and f64 instructions. Loads and stores take a constant byte
 * offset; the i64 ones also an alignment hint, natural unless the caller knows
 * the address may be less aligned (the hint is advisory, but must not overstate).
 */
export const scalarOps = {
  i32Load: (offsetBytes = 0, alignLog2 = 2): Code => [0x28, ...memarg(alignLog2, offsetBytes)],
  i64Load: (offsetBytes = 0, alignLog2 = 3): Code => [0x29, ...memarg(alignLog2, offsetBytes)],
  f32Load: (offsetBytes = 0): Code => [0x2a, ...memarg(2, offsetBytes)],
  f64Load: (offsetBytes = 0): Code => [0x2b, ...memarg(3, offsetBytes)],
  /** One byte, zero-extended to i32. */
  i32Load8U: (offsetBytes = 0): Code => [0x2d, ...memarg(0, offsetBytes)],
  /** Two bytes, zero-extended to i32. */
  i32Load16U: (offsetBytes = 0, alignLog2 = 1): Code => [0x2f, ...memarg(alignLog2, offsetBytes)],
  i32Store: (offsetBytes = 0, alignLog2 = 2): Code => [0x36, ...memarg(alignLog2, offsetBytes)],
  i64Store: (offsetBytes = 0, alignLog2 = 3): Code => [0x37, ...memarg(alignLog2, offsetBytes)],
  f32Store: (offsetBytes = 0): Code => [0x38, ...memarg(2, offsetBytes)],
  f64Store: (offsetBytes = 0): Code => [0x39, ...memarg(3, offsetBytes)],
  /** The low byte of an i32. */
  i32Store8: (offsetBytes = 0): Code => [0x3a, ...memarg(0, offsetBytes)],
  /** The low two bytes of an i32. */
  i32Store16: (offsetBytes = 0, alignLog2 = 1): Code => [0x3b, ...memarg(alignLog2, offsetBytes)],

  i32Const: (value: number): Code => [0x41, ...signedLeb128(value)],
  /** A u64 above 2⁶³ is taken as its two's-complement i64. */
  i64Const: (value: bigint): Code => [0x42, ...signedLeb128I64(value)],
  f32Const: (value: number): Code => [0x43, ...f32Bytes(value)],
  f64Const: (value: number): Code => [0x44, ...f64Bytes(value)],

  i32Eqz: (): Code => [0x45],
  i32Eq: (): Code => [0x46],
  i32Ne: (): Code => [0x47],
  i32LtS: (): Code => [0x48],
  i32LtU: (): Code => [0x49],
  i32GtS: (): Code => [0x4a],
  i32GtU: (): Code => [0x4b],
  i32LeS: (): Code => [0x4c],
  i32LeU: (): Code => [0x4d],
  i32GeS: (): Code => [0x4e],
  i32GeU: (): Code => [0x4f],
  f32Eq: (): Code => [0x5b],
  f32Lt: (): Code => [0x5d],
  f32Gt: (): Code => [0x5e],
  f32Le: (): Code => [0x5f],
  f32Ge: (): Code => [0x60],
  f64Lt: (): Code => [0x63],
  f64Gt: (): Code => [0x64],

  i32Add: (): Code => [0x6a],
  i32Sub: (): Code => [0x6b],
  i32Mul: (): Code => [0x6c],
  i32DivS: (): Code => [0x6d],
  i32DivU: (): Code => [0x6e],
  i32RemS: (): Code => [0x6f],
  i32RemU: (): Code => [0x70],
  i32And: (): Code => [0x71],
  i32Or: (): Code => [0x72],
  i32Xor: (): Code => [0x73],
  i32Shl: (): Code => [0x74],
  i32ShrS: (): Code => [0x75],
  i32ShrU: (): Code => [0x76],
  i64Add: (): Code => [0x7c],
  i64Sub: (): Code => [0x7d],
  i64Mul: (): Code => [0x7e],
  i64And: (): Code => [0x83],
  i64Or: (): Code => [0x84],
  i64Xor: (): Code => [0x85],
  i64Shl: (): Code => [0x86],
  i64ShrU: (): Code => [0x88],
  i64Rotl: (): Code => [0x89],

  f32Abs: (): Code => [0x8b],
  f32Neg: (): Code => [0x8c],
  f32Sqrt: (): Code => [0x91],
  f32Add: (): Code => [0x92],
  f32Sub: (): Code => [0x93],
  f32Mul: (): Code => [0x94],
  f32Div: (): Code => [0x95],
  f32Min: (): Code => [0x96],
  f32Max: (): Code => [0x97],
  f64Sqrt: (): Code => [0x9f],
  f64Add: (): Code => [0xa0],
  f64Sub: (): Code => [0xa1],
  f64Mul: (): Code => [0xa2],
  f64Div: (): Code => [0xa3],

  i32TruncF32S: (): Code => [0xa8],
  f32ConvertI32S: (): Code => [0xb2],
  f32DemoteF64: (): Code => [0xb6],
  f64ConvertI32S: (): Code => [0xb7],
  f64PromoteF32: (): Code => [0xbb],
  i32ReinterpretF32: (): Code => [0xbc],
  f32ReinterpretI32: (): Code => [0xbe],
};
