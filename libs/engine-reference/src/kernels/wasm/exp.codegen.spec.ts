import { KernelHeap } from '../kernel-heap';
import { EXP_LOWER_LIMIT, VectorExp } from './exp.codegen';
import { FunctionBuilder, op, ValType, WasmModuleBuilder } from '@tsukimi/wasm';

const { i32 } = ValType;
const heap = new KernelHeap(16 << 20);

/** exp over `count` floats (a multiple of 4) at byte offset `src`, into `dst`. */
const expArray = (() => {
  const fn = new FunctionBuilder('expArray', [i32, i32, i32]);
  const [src, dst, count] = [0, 1, 2];
  const exp = new VectorExp(fn);
  const bump = (local: number, by: number) => [op.localGet(local), op.i32Const(by), op.i32Add(), op.localSet(local)];
  fn.emit(
    op.whileLoop(
      [op.localGet(count), op.i32Const(0), op.i32GtS()],
      [op.localGet(dst), exp.emit([op.localGet(src), op.v128Load()]), op.v128Store()],
      bump(src, 16),
      bump(dst, 16),
      bump(count, -4),
    ),
  );
  const builder = new WasmModuleBuilder();
  builder.add(fn);
  return new WebAssembly.Instance(new WebAssembly.Module(builder.build()), { env: { memory: heap.memory } }).exports.expArray as (src: number, dst: number, count: number) => void;
})();

function exp(values: Float32Array): Float32Array {
  const count = Math.ceil(values.length / 4) * 4;
  const src = heap.alloc(count);
  const dst = heap.alloc(count);
  heap.f32View(src, values.length).set(values);
  expArray(src, dst, count);
  return heap.f32View(dst, values.length).slice();
}

describe('VectorExp', () => {
  it('is within 1.2e-7 relative of exp over [ln 2^-126, 0]', () => {
    const n = 1 << 20;
    const x = Float32Array.from({ length: n }, (_, i) => EXP_LOWER_LIMIT * (1 - i / n));
    const y = exp(x);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i]! - Math.exp(x[i]!)) / Math.exp(x[i]!));
    expect(worst).toBeLessThan(1.2e-7);
  });

  it('is within 1.2e-7 relative next to the range-reduction boundaries (odd multiples of ln2 / 2)', () => {
    const x = new Float32Array(4 * 200);
    for (let k = 0; k < 200; k++) {
      const edge = -(k + 0.5) * Math.LN2;
      x.set([edge, Math.fround(edge) - 1e-6, Math.fround(edge) + 1e-6, edge / 3], 4 * k);
    }
    const y = exp(x);
    x.forEach((v, i) => {
      if (v >= EXP_LOWER_LIMIT) expect(Math.abs(y[i]! - Math.exp(v)) / Math.exp(v)).toBeLessThan(1.2e-7);
    });
  });

  it('is exactly 1 at 0 (a rescale by e^0 changes nothing), +0 below ln 2^-126 and at −∞, and NaN at NaN', () => {
    const y = exp(Float32Array.from([0, -0, -88, -Infinity, -1e30, NaN, EXP_LOWER_LIMIT, -1e-30]));
    expect([...y.subarray(0, 5)]).toEqual([1, 1, 0, 0, 0]);
    expect(Object.is(y[2], 0) && Object.is(y[3], 0)).toBe(true);
    expect(y[5]).toBeNaN();
    expect(y[6]).toBeGreaterThan(0);
    expect(y[7]).toBe(1);
  });

  it('gives the same bits for a value in every lane', () => {
    const values = [-0.3, -1.7, -10.25, -77.1];
    const y = exp(Float32Array.from(values.flatMap((v) => [v, v, v, v])));
    for (let k = 0; k < values.length; k++) expect(new Set(y.subarray(4 * k, 4 * k + 4)).size).toBe(1);
  });
});
