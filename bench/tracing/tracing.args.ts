import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const tracingArgs = defineBenchArgs({
  bench: 'tracing',
  summary:
    "The conductor's CPU per request and latency with tracing off, at sample ratio 1 and at 0.01 (exporting OTLP to a receiver in this process), three conductor processes over one cluster, one phase per side a round in rotating order (above 1: tracing costs more).",
  options: {
    rounds: o.whole({ default: 6, doc: 'Rounds of one phase per side' }),
    requests: o.whole({ default: 200, doc: 'Streamed completions a phase (64-token prompts, 32 tokens out)' }),
    concurrency: o.whole({ default: 4, doc: 'Requests in flight' }),
  },
});
