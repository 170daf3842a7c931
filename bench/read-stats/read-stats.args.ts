import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const readStatsArgs = defineBenchArgs({
  bench: 'read-stats',
  summary:
    "What recording reads costs the kvpool master's get: three in-process masters (recording off, at the defaults, every key) answer the same skewed gets in turns; keys per second and each side's throughput over off's (below 1: recording costs that share).",
  options: {
    rounds: o.whole({ default: 7, doc: 'Timed rounds, after one untimed warm-up round' }),
    gets: o.whole({ default: 4000, doc: 'Gets (of 16 keys each) a round' }),
  },
});
