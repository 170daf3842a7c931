export { type ModelLoadError } from './model/llama-model.errors';
export { type LayerWeights, type LlamaWeights, type LlamaModel, loadLlamaModel, loadLlamaWeights } from './model/llama-weights';
export { type BlockId } from './kv/block-id';
export { type Kernels, type AttentionArgs } from './kernels/kernels.port';
export { KernelHeap, type Ptr } from './kernels/kernel-heap';
export { JsKernels } from './kernels/js.kernels';
export { WasmKernels, type KernelShape } from './kernels/wasm/wasm.kernels';
export { ReferenceEngine, REFERENCE_ENGINE_DEFAULTS, type ReferenceEngineOptions } from './reference/reference.engine';
