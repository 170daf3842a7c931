import { defineBenchArgs, firstProblem, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const overloadArgs = defineBenchArgs({
  bench: 'overload',
  summary: [
    'On a local cluster (1 prefill, 1 decode, tiny model, reference engine unless told otherwise): SLOs at K times the medians of',
    'requests sent alone; capacity, the highest Poisson rate at which 95% of requests meet both with admission off (a step search);',
    'then the same requests at M times capacity, open loop, with admission off and, on a fresh cluster alike, predictive admission on;',
    "then a soak at capacity on the admission-on cluster reading every service's RSS. --phase soak soaks alone at --rate-rps.",
  ].join('\n'),
  options: {
    phase: o.oneOf(['all', 'overload', 'soak'], { default: 'all', doc: 'all: capacity, overload and soak; overload: no soak; soak: the soak alone' }),
    requests: o.whole({ default: 300, doc: 'Requests of each overload run (fixed seed)' }),
    probeRequests: o.whole({ default: 80, doc: 'Requests of each capacity probe (and of each side\'s warm-up)' }),
    overloadMultiple: o.positive({ default: 3, doc: 'M: the overload rate over capacity' }),
    sloMultiple: o.positive({ default: 5, doc: 'K: the SLOs over the medians of requests sent alone' }),
    soakS: o.positive({ default: 600, doc: 'Seconds of the soak' }),
    rateRps: o.positive({ doc: 'The capacity, given instead of searched (with --phase soak, the soak\'s rate)' }),
    ttftSloMs: o.positive({ doc: 'The TTFT SLO, given instead of measured (with --tbt-slo-ms)' }),
    tbtSloMs: o.positive({ doc: 'The SLO on the longest gap between tokens, given instead of measured (with --ttft-slo-ms)' }),
    soakAdmission: o.oneOf(['on', 'off'], { default: 'on', doc: '--phase soak: soak with predictive admission on, or off as the baseline beside it' }),
    model: o.path({ doc: 'A GGUF model file of your own, the tiny model unless given' }),
    prefill: o.whole({ doc: 'Prefill instances, 1 unless given' }),
    decode: o.whole({ doc: 'Decode instances, 1 unless given' }),
    promptTokens: o.whole({ default: 200, doc: 'Prompt tokens a request' }),
    maxTokens: o.whole({ default: 16, doc: 'Output tokens a request' }),
  },
  rules: (v, given) =>
    firstProblem(
      v.phase === 'soak' && v.rateRps === undefined ? '--phase soak: needs --rate-rps, the rate to soak at' : undefined,
      (v.ttftSloMs === undefined) !== (v.tbtSloMs === undefined) ? `${v.ttftSloMs === undefined ? '--tbt-slo-ms' : '--ttft-slo-ms'}: give --ttft-slo-ms and --tbt-slo-ms together, or neither to measure both` : undefined,
      unusedFlag(given, ['sloMultiple'], v.ttftSloMs === undefined, 'sets the SLOs measured, and --ttft-slo-ms and --tbt-slo-ms give them'),
      unusedFlag(given, ['soakAdmission'], v.phase === 'soak', 'sets the soak of --phase soak (the soak of --phase all runs with admission on)'),
      unusedFlag(given, ['soakS'], v.phase !== 'overload', 'sets the soak, which --phase overload leaves out'),
      unusedFlag(given, ['requests', 'probeRequests', 'overloadMultiple'], v.phase !== 'soak', 'sets the overload runs, which --phase soak leaves out'),
    ),
});
