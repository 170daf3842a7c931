import { defineBenchArgs, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';
import { BENCH_SIZES } from './engine-bench.sizes';

export const engineArgs = defineBenchArgs({
  bench: 'engine',
  summary: [
    "The reference engine's prefill against llama.cpp (one thread, flash attention off) on the same generated GGUF at each size,",
    'interleaved in one run (prefill_time_ratio_ours_over_llamacpp: above 1 the reference engine is slower); on the tiny model, decode',
    'throughput at batch 1, 8 and 32; and first the CPU of a 2000-token prompt computed in steps of 512, 128 and 64 tokens over one',
    'pass (prefill_cpu_ratio_steps<N>_over_whole: 1 means stepping costs nothing extra).',
  ].join('\n'),
  options: {
    sizes: o.someOf(
      BENCH_SIZES.map((size) => size.name),
      { doc: 'Model sizes to compare, run in table order' },
    ),
    stepsOnly: o.flag({ doc: 'Only the prefill-steps part: no llama.cpp, no model sizes' }),
  },
  rules: (v, given) => unusedFlag(given, ['sizes'], !v.stepsOnly, 'sets the comparison with llama.cpp, which --steps-only leaves out'),
});
