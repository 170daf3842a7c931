import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const simClusterArgs = defineBenchArgs({
  bench: 'sim-cluster',
  summary: [
    'A local cluster of many simulated instances (LLaMA3-70B on 8xA800 at time scale 0.01), started as tsukimi up --engine simulated',
    'starts it: the resident memory of every process once all are ready, then the completions per second the conductor serves under',
    'closed-loop load.',
  ].join('\n'),
  options: {
    prefill: o.whole({ default: 64, doc: 'Prefill instances' }),
    decode: o.whole({ default: 64, doc: 'Decode instances' }),
    instancesPerProcess: o.whole({ default: 1, doc: 'Instances one process hosts' }),
    concurrency: o.whole({ default: 64, doc: 'Clients in the closed loop, each sending its next prompt when the last is answered' }),
    durationS: o.whole({ default: 20, doc: 'Seconds of load' }),
    promptTokens: o.whole({ default: 12, doc: 'Prompt tokens (under a block of 16, so no KV moves through the pool)' }),
    maxTokens: o.whole({ default: 4, doc: 'Output tokens a request' }),
  },
});
