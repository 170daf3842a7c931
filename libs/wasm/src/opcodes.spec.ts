import { FunctionBuilder } from './function.builder';
import { WasmModuleBuilder } from './module.builder';
import { op } from './opcodes';
import { type Code, ValType } from './wasm.types';

const { i32, i64 } = ValType;
const U64 = 2n ** 64n;

/** One function `f` in a module with a page of its own memory; returns `f` and that memory. */
function run(fn: FunctionBuilder): { f: (...args: (number | bigint)[]) => unknown; memory: DataView } {
  const builder = new WasmModuleBuilder({ kind: 'own', pages: 1, exportAs: 'memory' });
  builder.add(fn);
  const bytes = builder.build();
  expect(WebAssembly.validate(bytes)).toBe(true);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  return { f: exports.f as (...args: (number | bigint)[]) => unknown, memory: new DataView((exports.memory as WebAssembly.Memory).buffer) };
}

describe('op', () => {
  it.each<[string, Code, number[]]>([
    ['i64.const -1', op.i64Const(-1n), [0x42, 0x7f]],
    ['i64.const of a u64 above 2⁶³', op.i64Const(0x8000000000000000n), [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]],
    ['i64.load, naturally aligned', op.i64Load(), [0x29, 0x03, 0x00]],
    ['i64.load at a byte-aligned offset', op.i64Load(267, 0), [0x29, 0x00, 0x8b, 0x02]],
    ['i64.store', op.i64Store(8), [0x37, 0x03, 0x08]],
    ['i64.rotl', op.i64Rotl(), [0x89]],
    ['i32.load at a byte-aligned offset', op.i32Load(5, 0), [0x28, 0x00, 0x05]],
    ['i32.store, naturally aligned', op.i32Store(4), [0x36, 0x02, 0x04]],
    ['i32.load8_u', op.i32Load8U(1), [0x2d, 0x00, 0x01]],
    ['i32.load16_u at a byte-aligned offset', op.i32Load16U(3, 0), [0x2f, 0x00, 0x03]],
    ['i32.store8', op.i32Store8(2), [0x3a, 0x00, 0x02]],
    ['i32.store16', op.i32Store16(6), [0x3b, 0x01, 0x06]],
    ['i64.shr_u', op.i64ShrU(), [0x88]],
    ['v128.load at a byte-aligned offset', op.v128Load(3, 0), [0xfd, 0x00, 0x00, 0x03]],
    ['v128.store', op.v128Store(16), [0xfd, 0x0b, 0x02, 0x10]],
    ['i64x2.splat', op.i64x2Splat(), [0xfd, 0x12]],
    ['i64x2.mul', op.i64x2Mul(), [0xfd, 0xd5, 0x01]],
    ['i64x2.extmul_high_i32x4_u', op.i64x2ExtmulHighI32x4U(), [0xfd, 0xdf, 0x01]],
  ])('encodes %s', (_, code, bytes) => {
    expect(code).toEqual(bytes);
  });

  it('runs i64 arithmetic through unaligned memory as u64 arithmetic wraps', () => {
    const fn = new FunctionBuilder('f', [i64, i64], [i64]);
    const [a, b] = [fn.param(0), fn.param(1)];
    fn.emit(
      [op.i32Const(0), op.localGet(a), op.localGet(b), op.i64Mul(), op.i64Store(3, 0)],
      [op.i32Const(0), op.i64Load(3, 0), op.i64Const(0x9e3779b185ebca87n), op.i64Xor(), op.localGet(a), op.i64Const(13n), op.i64Shl(), op.i64Or()],
      [op.localGet(b), op.i64Const(0xffffffffn), op.i64And(), op.i64Sub(), op.localGet(a), op.i64Const(7n), op.i64ShrU(), op.i64Add()],
    );
    const { f, memory } = run(fn);
    for (const [x, y] of [
      [0x0123456789abcdefn, 0xfedcba9876543210n],
      [0xffffffffffffffffn, 3n],
      [5n, 0x8000000000000001n],
    ] as const) {
      const product = (x * y) % U64;
      const expected = ((((product ^ 0x9e3779b185ebca87n) | ((x << 13n) % U64)) - (y & 0xffffffffn) + (x >> 7n)) % U64 + U64) % U64;
      expect(BigInt.asUintN(64, f(BigInt.asIntN(64, x), BigInt.asIntN(64, y)) as bigint)).toBe(expected);
      expect(memory.getBigUint64(3, true)).toBe(product);
    }
  });

  it('moves 4, 2 and 1 bytes between unaligned addresses, zero-extending the narrow loads', () => {
    const fn = new FunctionBuilder('f', [], [i32]);
    fn.emit(
      [op.i32Const(17), op.i32Const(1), op.i32Load(0, 0), op.i32Store(0, 0)],
      [op.i32Const(23), op.i32Const(5), op.i32Load16U(0, 0), op.i32Store16(0, 0)],
      [op.i32Const(26), op.i32Const(7), op.i32Load8U(), op.i32Store8()],
      [op.i32Const(5), op.i32Load16U(0, 0), op.i32Const(7), op.i32Load8U(), op.i32Add()],
    );
    const { f, memory } = run(fn);
    [0x11, 0x22, 0x33, 0x44, 0xfe, 0xff, 0x80].forEach((byte, i) => memory.setUint8(1 + i, byte));
    expect(f()).toBe(0xfffe + 0x80);
    expect(memory.getUint32(17, true)).toBe(0x44332211);
    expect(memory.getUint16(23, true)).toBe(0xfffe);
    expect(memory.getUint8(26)).toBe(0x80);
    expect([memory.getUint8(16), memory.getUint8(21), memory.getUint8(25), memory.getUint8(27)]).toEqual([0, 0, 0, 0]);
  });

  it('runs the i64x2 lanes: ((extmul_low_u + extmul_high_u) >> 3) * splat(c)', () => {
    const fn = new FunctionBuilder('f', [i32, i64]);
    const [ptr, c] = [fn.param(0), fn.param(1)];
    const operands = (): Code => [op.localGet(ptr), op.v128Load(1, 0), op.localGet(ptr), op.v128Load(17, 0)];
    fn.emit(
      op.localGet(ptr),
      [operands(), op.i64x2ExtmulLowI32x4U(), operands(), op.i64x2ExtmulHighI32x4U(), op.i64x2Add()],
      [op.i32Const(3), op.i64x2ShrU(), op.localGet(c), op.i64x2Splat(), op.i64x2Mul(), op.v128Store(33, 0)],
    );
    const { f, memory } = run(fn);
    const a = [0xffffffff, 0x12345678, 0x9abcdef0, 7];
    const b = [0xfffffffe, 0x87654321, 3, 0xdeadbeef];
    a.forEach((v, i) => memory.setUint32(1 + 4 * i, v, true));
    b.forEach((v, i) => memory.setUint32(17 + 4 * i, v, true));
    const multiplier = 0x9e3779b1n;
    f(0, multiplier);
    const lane = (low: number, high: number): bigint =>
      ((((BigInt(a[low]!) * BigInt(b[low]!) + BigInt(a[high]!) * BigInt(b[high]!)) % U64) >> 3n) * multiplier) % U64;
    expect([memory.getBigUint64(33, true), memory.getBigUint64(41, true)]).toEqual([lane(0, 2), lane(1, 3)]);
  });
});
