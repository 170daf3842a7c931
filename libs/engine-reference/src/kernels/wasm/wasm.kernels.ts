import { type KernelHeap, type Ptr } from '../kernel-heap';
import { type AttentionArgs, type Kernels } from '../kernels.port';
import { KERNEL_MEMORY } from '@tsukimi/wasm';
import { MAX_HEAD_DIM, attentionModule, matmulModule, simdAvailable } from './kernel-modules';

type MatmulExport = (out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number) => void;
type AttentionExport = (
  out: Ptr, q: Ptr, rows: number, firstPosition: number, table: Ptr, kv: Ptr, heads: number, kvHeads: number,
  blockSizeTokens: number, blockFloats: number, keyPlane: number, valuePlane: number, scale: number,
) => void;

/** The part of a model's shape that decides whether {@link WasmKernels} can run it. */
export interface KernelShape {
  readonly headDim: number;
}

/**
 * The kernels as WebAssembly SIMD generated at run time (see `matmulFunction` and
 * `attentionFunction`), working in place on the heap's memory. Arithmetic is f32,
 * as in llama.cpp; results stay within about 1e-6 relative of {@link JsKernels}.
 * Each output element is computed by the same operations whatever `rows`, tiling
 * or neighbouring rows, so results are bit-identical across chunkings and batches.
 */
export class WasmKernels implements Kernels {
  private readonly matmul: MatmulExport;
  private readonly attentionByHeadDim = new Map<number, AttentionExport>();

  constructor(private readonly heap: KernelHeap) {
    if (!WasmKernels.supports({ headDim: 4 })) throw new Error('WebAssembly SIMD is not available in this runtime');
    this.matmul = this.instantiate(matmulModule()).matmulTransposed as MatmulExport;
  }

  /** True when this runtime has WebAssembly SIMD and headDim is a multiple of 4 up to 256. */
  static supports(shape: KernelShape): boolean {
    return simdAvailable() && Number.isInteger(shape.headDim) && shape.headDim >= 4 && shape.headDim <= MAX_HEAD_DIM && shape.headDim % 4 === 0;
  }

  /**
   * Generates and compiles the attention kernel for `shape` now rather than on the
   * first call (about 10–20 ms, once per process and head size). V8 still runs new
   * code on its baseline tier until it has run enough to be optimised in the
   * background: the first large calls are slower.
   */
  prepare(shape: KernelShape): void {
    this.attentionFor(shape.headDim);
  }

  matmulTransposed(out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number): void {
    this.matmul(out, x, rows, inDim, w, outDim);
  }

  /** Throws a RangeError for a headDim {@link WasmKernels.supports} rejects: check it before choosing these kernels. */
  attention(a: AttentionArgs): void {
    this.attentionFor(a.headDim)(a.out, a.q, a.rows, a.firstPosition, a.table, a.kv, a.heads, a.kvHeads, a.blockSizeTokens, a.blockFloats, a.keyPlane, a.valuePlane, a.scale);
  }

  private attentionFor(headDim: number): AttentionExport {
    let kernel = this.attentionByHeadDim.get(headDim);
    if (!kernel) {
      if (!WasmKernels.supports({ headDim })) throw new RangeError(`WasmKernels does not support headDim ${headDim}; it takes multiples of 4 up to ${MAX_HEAD_DIM}`);
      kernel = this.instantiate(attentionModule(headDim)).attention as AttentionExport;
      this.attentionByHeadDim.set(headDim, kernel);
    }
    return kernel;
  }

  private instantiate(module: WebAssembly.Module): WebAssembly.Instance['exports'] {
    return new WebAssembly.Instance(module, { [KERNEL_MEMORY.module]: { [KERNEL_MEMORY.name]: this.heap.memory } }).exports;
  }
}
