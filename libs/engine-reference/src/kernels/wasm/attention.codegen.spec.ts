import { SeededRandom } from '@tsukimi/llama-model';
import { JsKernels } from '../js.kernels';
import { type AttentionArgs } from '../kernels.port';
import { attentionFunction } from './attention.codegen';
import { WasmModuleBuilder } from '@tsukimi/wasm';
import { PagedKvFixture, type PagedKvShape, firstBitDifference, relativeError } from './testing/paged-kv.fixture';
import { WasmKernels } from './wasm.kernels';

const headDims = [4, 8, 12, 16, 32, 64];
const blockSizes = [1, 3, 16];
const groups: [heads: number, kvHeads: number][] = [
  [2, 2],
  [4, 2],
  [8, 2],
  [6, 2],
];
const shapes: PagedKvShape[] = headDims.flatMap((headDim) =>
  blockSizes.flatMap((blockSizeTokens) => groups.map(([heads, kvHeads]) => ({ headDim, heads, kvHeads, blockSizeTokens, positions: 100 }))),
);

const modules = new Map<string, WebAssembly.Module>();

/** `attention` generated with an explicit tile size, on the fixture's heap. */
function attentionWithTile(fixture: PagedKvFixture, maxTile: number): (a: AttentionArgs) => void {
  const key = `${fixture.shape.headDim}/${maxTile}`;
  let module = modules.get(key);
  if (!module) {
    const builder = new WasmModuleBuilder();
    builder.add(attentionFunction(fixture.shape.headDim, maxTile));
    module = new WebAssembly.Module(builder.build());
    modules.set(key, module);
  }
  const kernel = new WebAssembly.Instance(module, { env: { memory: fixture.heap.memory } }).exports.attention as (...args: number[]) => void;
  return (a) => kernel(a.out, a.q, a.rows, a.firstPosition, a.table, a.kv, a.heads, a.kvHeads, a.blockSizeTokens, a.blockFloats, a.keyPlane, a.valuePlane, a.scale);
}

function run(fixture: PagedKvFixture, kernel: (a: AttentionArgs) => void, firstPosition: number, rows: number): Float32Array {
  const args = fixture.args(firstPosition, rows);
  kernel(args);
  return fixture.output(args);
}

/** Positions 0..positions−1 evaluated in consecutive calls of `rowsPerCall` rows. */
function inCalls(fixture: PagedKvFixture, kernel: (a: AttentionArgs) => void, rowsPerCall: number): Float32Array {
  const out = new Float32Array(fixture.shape.positions * fixture.rowFloats);
  for (let first = 0; first < fixture.shape.positions; first += rowsPerCall) {
    out.set(run(fixture, kernel, first, Math.min(rowsPerCall, fixture.shape.positions - first)), first * fixture.rowFloats);
  }
  return out;
}

describe('WasmKernels.attention', () => {
  describe.each(shapes)('$headDim-dim heads, $heads/$kvHeads heads, blocks of $blockSizeTokens', (shape) => {
    const fixture = new PagedKvFixture(shape, shape.headDim * 1000 + shape.heads * 10 + shape.blockSizeTokens);
    const wasm = new WasmKernels(fixture.heap);
    const js = new JsKernels(fixture.heap);

    let reference: Float32Array | undefined;
    /** The float64 kernel over all positions in one call, computed once per shape. */
    const expected = (firstPosition: number, rows: number): Float32Array => {
      reference ??= run(fixture, (a) => js.attention(a), 0, shape.positions);
      return reference.subarray(firstPosition * fixture.rowFloats, (firstPosition + rows) * fixture.rowFloats);
    };

    it.each([
      [0, 1],
      [0, 70],
      [5, 9],
      [33, 67],
      [99, 1],
      [64, 4],
    ])('matches the float64 reference from position %i for %i rows', (firstPosition, rows) => {
      const actual = run(fixture, (a) => wasm.attention(a), firstPosition, rows);
      expect(relativeError(actual, expected(firstPosition, rows))).toBeLessThan(1e-5);
    });

    it('gives every position the same bits in one call, in calls of 7 rows and one row at a time', () => {
      const whole = inCalls(fixture, (a) => wasm.attention(a), 100);
      expect(firstBitDifference(inCalls(fixture, (a) => wasm.attention(a), 7), whole)).toBe(-1);
      expect(firstBitDifference(inCalls(fixture, (a) => wasm.attention(a), 1), whole)).toBe(-1);
    });

    // Block size does not change the tiling; one of them keeps the suite fast.
    if (shape.blockSizeTokens === 3) {
      it.each([1, 3, 5])('gives the same bits when the generator tiles %i queries', (maxTile) => {
        const whole = inCalls(fixture, (a) => wasm.attention(a), 100);
        expect(firstBitDifference(inCalls(fixture, attentionWithTile(fixture, maxTile), 100), whole)).toBe(-1);
      });
    }
  });

  it('computes a row independently of the other rows in its call', () => {
    const shape = { headDim: 16, heads: 4, kvHeads: 2, blockSizeTokens: 16, positions: 64 };
    const fixture = new PagedKvFixture(shape, 7);
    const wasm = new WasmKernels(fixture.heap);
    const alone = run(fixture, (a) => wasm.attention(a), 37, 1);
    const inBatch = run(fixture, (a) => wasm.attention(a), 0, 64);
    expect(firstBitDifference(inBatch.subarray(37 * fixture.rowFloats, 38 * fixture.rowFloats), alone)).toBe(-1);

    const random = new SeededRandom(8);
    for (const position of [0, 36, 38, 63]) fixture.replaceQuery(position, random);
    const neighboursChanged = run(fixture, (a) => wasm.attention(a), 0, 64);
    expect(firstBitDifference(neighboursChanged.subarray(37 * fixture.rowFloats, 38 * fixture.rowFloats), alone)).toBe(-1);
    expect(firstBitDifference(neighboursChanged, inBatch)).toBeGreaterThanOrEqual(0);
  });

  it('writes nothing outside its output', () => {
    const fixture = new PagedKvFixture({ headDim: 8, heads: 4, kvHeads: 2, blockSizeTokens: 3, positions: 20 }, 9);
    const wasm = new WasmKernels(fixture.heap);
    const args = fixture.args(4, 13);
    const guard = fixture.heap.alloc(64);
    fixture.heap.f32View(guard, 64).fill(42);
    wasm.attention(args);
    expect([...fixture.heap.f32View(guard, 64)].every((v) => v === 42)).toBe(true);
  });

  it('does nothing for zero rows', () => {
    const fixture = new PagedKvFixture({ headDim: 16, heads: 4, kvHeads: 2, blockSizeTokens: 16, positions: 4 }, 10);
    const args = fixture.args(0, 0);
    expect(() => new WasmKernels(fixture.heap).attention(args)).not.toThrow();
  });
});
