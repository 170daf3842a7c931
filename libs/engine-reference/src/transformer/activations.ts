import { KernelHeap, type Ptr } from '../kernels/kernel-heap';
import { type LlamaConfig } from '@tsukimi/llama-model';

/** One activation tensor: its heap offset for the kernels and a view for the element-wise steps. */
export interface HeapTensor {
  readonly ptr: Ptr;
  readonly f32: Float32Array;
}

/** Rows of final hidden states turned into logits per pass; bounds the logits buffer for large vocabularies. */
export const LOGIT_ROWS_PER_PASS = 16;

/**
 * Activation buffers for up to `maxRows` rows, reserved in the heap once so that the
 * forward pass allocates nothing.
 */
export class Activations {
  readonly x: HeapTensor;
  readonly xn: HeapTensor;
  readonly q: HeapTensor;
  readonly k: HeapTensor;
  readonly v: HeapTensor;
  readonly att: HeapTensor;
  readonly proj: HeapTensor;
  readonly gate: HeapTensor;
  readonly up: HeapTensor;
  readonly finalHidden: HeapTensor;
  readonly finalNormed: HeapTensor;
  readonly logits: HeapTensor;
  /** A block table copied in for the attention kernel, as i32. */
  readonly table: Ptr;

  constructor(heap: KernelHeap, c: LlamaConfig, readonly maxRows: number, maxTableBlocks: number) {
    const tensor = (floats: number): HeapTensor => {
      const ptr = heap.alloc(floats);
      return { ptr, f32: heap.f32View(ptr, floats) };
    };
    const { qDim, kvDim } = dims(c);
    this.x = tensor(maxRows * c.dim);
    this.xn = tensor(maxRows * c.dim);
    this.q = tensor(maxRows * qDim);
    this.k = tensor(maxRows * kvDim);
    this.v = tensor(maxRows * kvDim);
    this.att = tensor(maxRows * qDim);
    this.proj = tensor(maxRows * c.dim);
    this.gate = tensor(maxRows * c.ffnDim);
    this.up = tensor(maxRows * c.ffnDim);
    this.finalHidden = tensor(LOGIT_ROWS_PER_PASS * c.dim);
    this.finalNormed = tensor(LOGIT_ROWS_PER_PASS * c.dim);
    this.logits = tensor(LOGIT_ROWS_PER_PASS * c.vocabSize);
    this.table = heap.alloc(maxTableBlocks);
  }

  /** Heap bytes that `new Activations(…)` with these arguments reserves. */
  static bytes(c: LlamaConfig, maxRows: number, maxTableBlocks: number): number {
    const { qDim, kvDim } = dims(c);
    const perRow = [c.dim, c.dim, qDim, kvDim, kvDim, qDim, c.dim, c.ffnDim, c.ffnDim];
    const fixed = [LOGIT_ROWS_PER_PASS * c.dim, LOGIT_ROWS_PER_PASS * c.dim, LOGIT_ROWS_PER_PASS * c.vocabSize, maxTableBlocks];
    return [...perRow.map((n) => n * maxRows), ...fixed].reduce((sum, n) => sum + KernelHeap.footprint(n), 0);
  }
}

function dims(c: LlamaConfig): { qDim: number; kvDim: number } {
  return { qDim: c.heads * c.headDim, kvDim: c.kvHeads * c.headDim };
}
