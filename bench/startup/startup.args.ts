import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const startupArgs = defineBenchArgs({
  bench: 'startup',
  summary:
    "An empty kvpool started from the build's JavaScript against started through the TypeScript hook (compile cache warm, and off): ms from spawn to /readyz, the CPU used until then and the RSS then (below 1: compiled lighter).",
  options: {
    rounds: o.whole({ default: 5, doc: 'Rounds, the order of the sides rotating each round' }),
  },
});
