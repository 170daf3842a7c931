import { FunctionBuilder } from './function.builder';
import { WasmModuleBuilder } from './module.builder';
import { op } from './opcodes';
import { ValType } from './wasm.types';

const { i32, f32, v128 } = ValType;

function instantiate(builder: WasmModuleBuilder, memory = new WebAssembly.Memory({ initial: 1 })): WebAssembly.Instance['exports'] {
  const bytes = builder.build();
  expect(WebAssembly.validate(bytes)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
}

function moduleOf(...functions: FunctionBuilder[]): WasmModuleBuilder {
  const builder = new WasmModuleBuilder();
  for (const fn of functions) builder.add(fn);
  return builder;
}

describe('WasmModuleBuilder', () => {
  it('encodes a one-function module byte for byte', () => {
    const add = new FunctionBuilder('add', [i32, i32], [i32]).emit(op.localGet(0), op.localGet(1), op.i32Add());
    const expected = [
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      [0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
      [0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x00],
      [0x03, 0x02, 0x01, 0x00],
      [0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00],
      [0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b],
    ].flat();
    const builder = moduleOf(add);
    expect([...builder.build()]).toEqual(expected);
    expect((instantiate(builder).add as (a: number, b: number) => number)(2, 40)).toBe(42);
  });

  it('defines and exports a memory of its own, fixed at its page count', () => {
    const add = new FunctionBuilder('add', [i32, i32], [i32]).emit(op.localGet(0), op.localGet(1), op.i32Add());
    const expected = [
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      [0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
      [0x03, 0x02, 0x01, 0x00],
      [0x05, 0x04, 0x01, 0x01, 0x02, 0x02],
      [0x07, 0x0d, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00],
      [0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b],
    ].flat();
    const builder = new WasmModuleBuilder({ kind: 'own', pages: 2, exportAs: 'mem' });
    builder.add(add);
    expect([...builder.build()]).toEqual(expected);
    const memory = new WebAssembly.Instance(new WebAssembly.Module(builder.build())).exports.mem as WebAssembly.Memory;
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it.each([-1, 1.5, 65537])('refuses %p pages of memory', (pages) => {
    expect(() => new WasmModuleBuilder({ kind: 'own', pages, exportAs: 'memory' })).toThrow(RangeError);
  });

  it('declares locals in runs of one type after the parameters', () => {
    const fn = new FunctionBuilder('f', [i32]);
    expect([fn.local(i32), fn.local(i32), fn.local(v128), fn.local(i32)]).toEqual([1, 2, 3, 4]);
    expect(fn.encodeBody()).toEqual([8, 3, 2, 0x7f, 1, 0x7b, 1, 0x7f, 0x0b]);
  });

  it('shares one type among functions of one signature and calls between them', () => {
    const square = new FunctionBuilder('square', [i32], [i32]).emit(op.localGet(0), op.localGet(0), op.i32Mul());
    const inc = new FunctionBuilder('inc', [i32], [i32]).emit(op.localGet(0), op.i32Const(1), op.i32Add(), op.call(0));
    const bytes = moduleOf(square, inc).build();
    expect([...bytes.subarray(8, 15)]).toEqual([0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01]);
    expect((instantiate(moduleOf(square, inc)).inc as (a: number) => number)(6)).toBe(49);
  });

  it('refuses two functions of one name', () => {
    const builder = moduleOf(new FunctionBuilder('f', []));
    expect(() => builder.add(new FunctionBuilder('f', []))).toThrow(/duplicate/);
  });

  it('runs loops and branches: the sum of 1..n with a skipped multiple of 3', () => {
    const fn = new FunctionBuilder('sum', [i32], [i32]);
    const [n, i, total] = [0, fn.local(i32), fn.local(i32)];
    fn.emit(
      op.whileLoop(
        [op.localGet(i), op.localGet(n), op.i32LtS()],
        [op.localGet(i), op.i32Const(1), op.i32Add(), op.localSet(i)],
        op.block([op.localGet(i), op.i32Const(3), op.i32RemS(), op.i32Eqz(), op.brIf(0)], [op.localGet(total), op.localGet(i), op.i32Add(), op.localSet(total)]),
      ),
      op.localGet(total),
    );
    expect((instantiate(moduleOf(fn)).sum as (n: number) => number)(10)).toBe(55 - 3 - 6 - 9);
  });

  it('works in place on an imported memory with SIMD', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const floats = new Float32Array(memory.buffer);
    const [a, b, out] = [0, 16, 32];
    floats.set([1, 2, 3, 4], a / 4);
    floats.set([10, 20, 30, 40], b / 4);
    const fn = new FunctionBuilder('mix', [i32, i32, i32], [f32]);
    const sum = fn.local(v128);
    fn.emit(
      [op.localGet(2), op.localGet(0), op.v128Load(), op.localGet(1), op.v128Load(), op.f32x4Mul(), op.localTee(sum)],
      [op.localGet(sum), op.localGet(sum), op.f32x4Shuffle(3, 2, 1, 0), op.f32x4Add(), op.v128Store()],
      [op.localGet(sum), op.f32x4ExtractLane(2), op.f32Const(0.5), op.f32x4Splat(), op.f32x4ExtractLane(1), op.f32Add()],
    );
    const result = (instantiate(moduleOf(fn), memory).mix as (a: number, b: number, out: number) => number)(a, b, out);
    expect([...floats.subarray(out / 4, out / 4 + 4)]).toEqual([10 + 160, 40 + 90, 90 + 40, 160 + 10]);
    expect(result).toBe(90.5);
  });

  it('encodes SIMD opcodes past 0x7f with a two-byte LEB128', () => {
    expect(op.f32x4Add()).toEqual([0xfd, 0xe4, 0x01]);
    expect(op.v128Load(32)).toEqual([0xfd, 0x00, 0x02, 0x20]);
    expect(() => op.i8x16Shuffle([0, 1])).toThrow(RangeError);
  });
});
