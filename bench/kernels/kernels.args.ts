import { defineBenchArgs } from '../lib/bench-args';

export const kernelsArgs = defineBenchArgs({
  bench: 'kernels',
  summary: "The reference engine's kernels at the tiny model's shapes (dim 64, 4 heads of 16, 2 KV heads, FFN 192, vocab 259; KV blocks of 16): JsKernels against WasmKernels, ms per call and speed-up.",
  options: {},
});
