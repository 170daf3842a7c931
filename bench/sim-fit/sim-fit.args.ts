import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const simFitArgs = defineBenchArgs({
  bench: 'sim-fit',
  summary: [
    "How well the simulated engine, timed by the reference engine's own profile, predicts a live reference cluster's TTFT: the same",
    'fresh prompts to both clusters one at a time in alternating order; median TTFT simulated over live, by prompt length and pooled',
    '(1: perfect agreement).',
  ].join('\n'),
  options: {
    rounds: o.whole({ default: 8, doc: 'Timed rounds of one prompt of each length, after one warm-up round' }),
    lengths: o.wholeList({ default: [100, 250, 400, 500], max: 2000, doc: "Prompt lengths in tokens (the defaults within the profile's own range, up to 512, past the engine's first chunk)" }),
    profile: o.oneOf(['start', 'idle'], { default: 'start', doc: 'start: the profile the instances took of themselves at start; idle: the same profiler run again once the cluster is up and idle' }),
  },
});
