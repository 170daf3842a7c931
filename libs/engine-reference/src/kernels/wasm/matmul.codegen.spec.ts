import { SeededRandom } from '@tsukimi/llama-model';
import { JsKernels } from '../js.kernels';
import { KernelHeap, type Ptr } from '../kernel-heap';
import { matmulFunction } from './matmul.codegen';
import { WasmModuleBuilder } from '@tsukimi/wasm';
import { firstBitDifference, relativeError } from './testing/paged-kv.fixture';
import { WasmKernels } from './wasm.kernels';

type Matmul = (out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number) => void;

const heap = new KernelHeap(16 << 20);
const random = new SeededRandom(11);
const js = new JsKernels(heap);
const wasm = new WasmKernels(heap);

/** `matmulTransposed` generated with an explicit row tile, on the shared heap. */
function matmulWithRowTile(rowsPerTile: number): Matmul {
  const builder = new WasmModuleBuilder();
  builder.add(matmulFunction(rowsPerTile));
  return new WebAssembly.Instance(new WebAssembly.Module(builder.build()), { env: { memory: heap.memory } }).exports.matmulTransposed as Matmul;
}

function operands(rows: number, inDim: number, outDim: number) {
  return { x: heap.store(random.normals(rows * inDim, 0, 1)), w: heap.store(random.normals(outDim * inDim, 0, 0.1)) };
}

function run(kernel: Matmul, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number): Float32Array {
  const out = heap.alloc(rows * outDim);
  kernel(out, x, rows, inDim, w, outDim);
  return heap.f32View(out, rows * outDim).slice();
}

const wasmMatmul: Matmul = (...args) => wasm.matmulTransposed(...args);

describe('WasmKernels.matmulTransposed', () => {
  it.each([
    [1, 1, 1],
    [1, 64, 192],
    [2, 3, 4],
    [3, 5, 7],
    [7, 13, 6],
    [9, 64, 259],
    [512, 64, 192],
    [512, 192, 64],
    [33, 67, 35],
  ])('matches the float64 reference for %i rows × %i → %i', (rows, inDim, outDim) => {
    const { x, w } = operands(rows, inDim, outDim);
    const expected = run((...args) => js.matmulTransposed(...args), x, rows, inDim, w, outDim);
    expect(relativeError(run(wasmMatmul, x, rows, inDim, w, outDim), expected)).toBeLessThan(1e-5);
  });

  it.each([
    [11, 64, 259],
    [10, 13, 9],
    [5, 3, 5],
  ])('computes each row of %i × %i → %i with the same bits alone, in any batch and any row tile', (rows, inDim, outDim) => {
    const { x, w } = operands(rows, inDim, outDim);
    const batch = run(wasmMatmul, x, rows, inDim, w, outDim);
    for (let r = 0; r < rows; r++) {
      const alone = run(wasmMatmul, x + r * inDim * 4, 1, inDim, w, outDim);
      expect(firstBitDifference(alone, batch.subarray(r * outDim, (r + 1) * outDim))).toBe(-1);
    }
    const tail = run(wasmMatmul, x + 3 * inDim * 4, rows - 3, inDim, w, outDim);
    expect(firstBitDifference(tail, batch.subarray(3 * outDim))).toBe(-1);
    for (const rowsPerTile of [1, 3, 4]) expect(firstBitDifference(run(matmulWithRowTile(rowsPerTile), x, rows, inDim, w, outDim), batch)).toBe(-1);
  });

  it('computes an output with the same bits whether it falls in a four-output tile or the single-output edge', () => {
    const inDim = 21;
    const { x, w } = operands(2, inDim, 9);
    const all = run(wasmMatmul, x, 2, inDim, w, 9);
    // Outputs 5..8 as one four-output tile; in the nine-output call output 8 took the single-output edge.
    const shifted = run(wasmMatmul, x, 2, inDim, w + 5 * inDim * 4, 4);
    expect(firstBitDifference(shifted.subarray(0, 4), all.subarray(5, 9))).toBe(-1);
    expect(firstBitDifference(shifted.subarray(4, 8), all.subarray(14, 18))).toBe(-1);
  });

  it('writes nothing outside its output', () => {
    const { x, w } = operands(3, 7, 5);
    const out = heap.alloc(15);
    const guard = heap.alloc(16);
    heap.f32View(guard, 16).fill(42);
    wasm.matmulTransposed(out, x, 3, 7, w, 5);
    expect([...heap.f32View(guard, 16)].every((v) => v === 42)).toBe(true);
  });
});
