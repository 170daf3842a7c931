/**
 * Just enough of a WebAssembly assembler for the checksum kernels: LEB128 immediates, the
 * opcodes they use, and a module of functions over one memory of its own, exported as `memory`.
 * The kernels are emitted at load rather than shipped as a binary, so the source is the truth.
 */
export type Code = number | readonly Code[];

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof V128;

export function u32(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 of a 64-bit two's-complement value, the immediate of `i64.const`. */
export function s64(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asIntN(64, value);
  for (;;) {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    const done = (rest === 0n && (low & 0x40) === 0) || (rest === -1n && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

export function flatten(code: Code, into: number[] = []): number[] {
  if (typeof code === 'number') into.push(code);
  else for (const part of code) flatten(part, into);
  return into;
}

/** Unaligned access hints: the kernels read secrets at odd offsets, and the hint must not claim more. */
const memarg = (offset: number): number[] => [0, ...u32(offset)];
const simd = (opcode: number, ...immediates: number[]): number[] => [0xfd, ...u32(opcode), ...immediates];

export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: 0x0b,
  br: (depth: number): Code => [0x0c, ...u32(depth)],
  brIf: (depth: number): Code => [0x0d, ...u32(depth)],
  call: (index: number): Code => [0x10, ...u32(index)],
  get: (local: number): Code => [0x20, ...u32(local)],
  set: (local: number): Code => [0x21, ...u32(local)],
  i32Const: (value: number): Code => [0x41, ...s64(BigInt(value | 0))],
  i64Const: (value: bigint): Code => [0x42, ...s64(value)],
  i64Load: (offset = 0): Code => [0x29, ...memarg(offset)],
  i64Store: (offset = 0): Code => [0x37, ...memarg(offset)],
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32ShrU: 0x76,
  i32Shl: 0x74,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  v128Load: (offset = 0): Code => simd(0x00, ...memarg(offset)),
  v128Store: (offset = 0): Code => simd(0x0b, ...memarg(offset)),
  i8x16Shuffle: (lanes: readonly number[]): Code => simd(0x0d, ...lanes),
  i64x2Splat: simd(0x12),
  v128Xor: simd(0x51),
  i64x2ShrU: simd(0xcd),
  i64x2Add: simd(0xce),
  i64x2Mul: simd(0xd5),
  i64x2ExtmulLowI32x4U: simd(0xde),
  i64x2ExtmulHighI32x4U: simd(0xdf),
};

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: Code;
}

const section = (id: number, contents: Code): number[] => {
  const bytes = flatten(contents);
  return [id, ...u32(bytes.length), ...bytes];
};
const vector = (items: readonly Code[]): Code => [u32(items.length), items];

/** A module of `functions` (each exported by name, callable by its index) and `pages` of 64 KiB of memory. */
export function assembleModule(functions: readonly WasmFunction[], pages: number): Uint8Array {
  const types = functions.map((fn) => [0x60, vector(fn.params.map((t) => [t])), vector(fn.results.map((t) => [t]))]);
  const bodies = functions.map((fn) => {
    const body = flatten([vector(fn.locals.map((t) => [1, t])), fn.body, op.end]);
    return [u32(body.length), body];
  });
  const name = (text: string): Code => [u32(text.length), [...Buffer.from(text, 'utf8')]];
  return new Uint8Array(
    flatten([
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      section(1, vector(types)),
      section(3, vector(functions.map((_, i) => u32(i)))),
      section(5, vector([[0x01, u32(pages), u32(pages)]])),
      section(7, vector([...functions.map((fn, i) => [name(fn.name), 0x00, u32(i)]), [name('memory'), 0x02, 0x00]])),
      section(10, vector(bodies)),
    ]),
  );
}
