import { type KernelHeap, type Ptr } from './kernel-heap';
import { type AttentionArgs, type Kernels } from './kernels.port';
import { matmulTransposed } from './matmul.kernel';
import { AttentionScratch, pagedAttention } from './paged-attention.kernel';

/** The kernels in plain TypeScript with float64 accumulation: readable, portable, the reference. */
export class JsKernels implements Kernels {
  private readonly scratch = new AttentionScratch();

  constructor(private readonly heap: KernelHeap) {}

  matmulTransposed(out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number): void {
    matmulTransposed(this.heap.f32, out >> 2, x >> 2, rows, inDim, w >> 2, outDim);
  }

  attention(args: AttentionArgs): void {
    pagedAttention(this.heap.f32, this.heap.i32, args, this.scratch);
  }
}
