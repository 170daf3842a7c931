import { KernelHeap } from '../kernel-heap';
import { PagedKvFixture } from './testing/paged-kv.fixture';
import { WasmKernels } from './wasm.kernels';

describe('WasmKernels', () => {
  it.each([
    [4, true],
    [16, true],
    [12, true],
    [256, true],
    [0, false],
    [6, false],
    [260, false],
    [15.5, false],
  ])('supports headDim %p: %p', (headDim, supported) => {
    expect(WasmKernels.supports({ headDim })).toBe(supported);
  });

  it('refuses attention for a headDim it does not support', () => {
    const kernels = new WasmKernels(new KernelHeap(1 << 16));
    expect(() => kernels.prepare({ headDim: 6 })).toThrow(RangeError);
  });

  it('keeps kernels of several head sizes side by side on one heap', () => {
    const small = new PagedKvFixture({ headDim: 8, heads: 2, kvHeads: 1, blockSizeTokens: 4, positions: 9 }, 1);
    const kernels = new WasmKernels(small.heap);
    kernels.prepare({ headDim: 32 });
    const first = small.args(0, 9);
    kernels.attention(first);
    const second = small.args(0, 9);
    kernels.attention(second);
    expect(small.output(second)).toEqual(small.output(first));
  });
});
