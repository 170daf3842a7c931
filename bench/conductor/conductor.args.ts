import { defineBenchArgs, firstProblem, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const conductorArgs = defineBenchArgs({
  bench: 'conductor',
  summary: [
    'Five parts in one JSON object: scheduling decisions per second on 64 + 64 instances (no services); the conductor\'s added',
    'latency and CPU per request (overhead); requests per second through one conductor process and two (scale-out); the idle',
    'conductor\'s CPU per second (idle); its CPU per request over a plain node:http proxy\'s (router floor).',
    'The scheduling part alone, with no services started: --skip-overhead --skip-scale-out --skip-idle --skip-floor.',
  ].join('\n'),
  options: {
    skipScheduling: o.flag({ doc: 'Leave out the scheduling part' }),
    skipOverhead: o.flag({ doc: 'Leave out the overhead part' }),
    skipScaleOut: o.flag({ doc: 'Leave out the scale-out part' }),
    skipIdle: o.flag({ doc: 'Leave out the idle part' }),
    skipFloor: o.flag({ doc: 'Leave out the router floor part' }),
    rounds: o.whole({ default: 200, doc: 'Request pairs the overhead and router floor parts time' }),
    scaleOutRounds: o.whole({ default: 3, doc: 'Rounds of the scale-out part, each a phase of one process and of two in ABBA order' }),
    scaleOutSeconds: o.whole({ default: 8, doc: 'Seconds each scale-out phase sends requests' }),
  },
  rules: (v, given) =>
    firstProblem(
      unusedFlag(given, ['rounds'], !v.skipOverhead || !v.skipFloor, 'sets the overhead and router floor parts, both skipped'),
      unusedFlag(given, ['scaleOutRounds', 'scaleOutSeconds'], !v.skipScaleOut, 'sets the scale-out part, skipped'),
    ),
});
