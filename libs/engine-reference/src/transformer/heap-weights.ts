import { KernelHeap, type Ptr } from '../kernels/kernel-heap';
import { type LlamaWeights } from '../model/llama-weights';

/** Matrices by heap offset (for the kernels); vectors as heap views (for the element-wise steps). */
export interface HeapLayerWeights {
  readonly attnNorm: Float32Array;
  readonly wq: Ptr;
  readonly wk: Ptr;
  readonly wv: Ptr;
  readonly wo: Ptr;
  readonly ffnNorm: Float32Array;
  readonly wGate: Ptr;
  readonly wUp: Ptr;
  readonly wDown: Ptr;
}

export interface HeapWeights {
  readonly tokenEmbedding: Float32Array;
  readonly layers: readonly HeapLayerWeights[];
  readonly outputNorm: Float32Array;
  readonly output: Ptr;
}

/** Bytes the weights occupy in a heap, alignment included; for sizing it. */
export function heapWeightsBytes(weights: LlamaWeights): number {
  const tensors = [weights.tokenEmbedding, weights.outputNorm, weights.output, ...weights.layers.flatMap((l) => Object.values(l))];
  return tensors.reduce((sum, t) => sum + KernelHeap.footprint(t.length), 0);
}

/** Copies the model's weights into the heap once, at engine start. */
export function storeWeights(heap: KernelHeap, weights: LlamaWeights): HeapWeights {
  const view = (values: Float32Array) => heap.f32View(heap.store(values), values.length);
  return {
    tokenEmbedding: view(weights.tokenEmbedding),
    layers: weights.layers.map((l) => ({
      attnNorm: view(l.attnNorm),
      wq: heap.store(l.wq),
      wk: heap.store(l.wk),
      wv: heap.store(l.wv),
      wo: heap.store(l.wo),
      ffnNorm: view(l.ffnNorm),
      wGate: heap.store(l.wGate),
      wUp: heap.store(l.wUp),
      wDown: heap.store(l.wDown),
    })),
    outputNorm: view(weights.outputNorm),
    output: heap.store(weights.output),
  };
}
