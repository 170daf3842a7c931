import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const overlapKvArgs = defineBenchArgs({
  bench: 'overlap-kv',
  summary: [
    'What overlapped KV streaming saves a disaggregated request, on the reference engine: two clusters side by side, identical but for',
    '--overlap-kv, each trial one fresh prompt to both in alternating order; TTFT plus the first inter-token gap at the client, on over',
    "off (below 1: overlap faster), and each side's service CPU per timed request.",
  ].join('\n'),
  options: {
    trials: o.whole({ default: 15, doc: 'Timed trials, after one untimed warm-up trial' }),
    promptTokens: o.whole({ default: 2000, min: 16, doc: 'Tokens of each fresh prompt (4 greedy output tokens)' }),
    chunkTokens: o.whole({ default: 512, doc: "The overlapped prefill's --overlap-chunk-tokens" }),
    oneSession: o.flag({ doc: "Run every service in the bench's own session (one share of the CPU for all), not each in its own as tsukimi up does" }),
  },
});
