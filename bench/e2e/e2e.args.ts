import { CLUSTER_ENGINES } from '../../apps/cli/src/cluster/cluster.options';
import { defineBenchArgs, firstProblem, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const e2eArgs = defineBenchArgs({
  bench: 'e2e',
  summary: [
    'Phase load: a local cluster (2 prefill, 2 decode, 1 kvpool) through the official OpenAI client: concurrent streamed completions',
    'over prompts sharing a per-group prefix (TTFT, time between tokens, throughput), then one at a time the TTFT of a prompt whose',
    'first 90% is cached against a cold one; with --engine llamacpp, also 2k-token TTFT through the services against llama.cpp alone.',
    'Phase burst (reference engine): a burst over a few shared prefixes on six clusters, one per --disaggregation mode with pool',
    "replication off and on: each one's cached share and goodput under SLOs set from requests sent alone.",
  ].join('\n'),
  options: {
    phase: o.oneOf(['all', 'load', 'burst'], { default: 'all', doc: 'Which phases run' }),
    engine: o.oneOf(CLUSTER_ENGINES, { default: 'reference', doc: 'The load phase\'s instances\' engine (the burst runs on the reference engine only)' }),
    requests: o.whole({ default: 64, doc: 'load: streamed completions over the shared prefixes' }),
    concurrency: o.whole({ default: 8, doc: 'load: requests in flight' }),
    trials: o.whole({ default: 7, doc: 'load: cold and cached prompt pairs (and llama.cpp-alone trials)' }),
    burstRequests: o.whole({ default: 96, doc: 'burst: requests a cluster' }),
    burstConcurrency: o.whole({ default: 8, doc: 'burst: requests in flight' }),
  },
  rules: (v, given) =>
    firstProblem(
      v.phase === 'burst' && v.engine !== 'reference' ? `--phase burst: runs on the reference engine only, not --engine ${v.engine}` : undefined,
      unusedFlag(given, ['engine', 'requests', 'concurrency', 'trials'], v.phase !== 'burst', 'sets the load phase, which --phase burst leaves out'),
      unusedFlag(given, ['burstRequests', 'burstConcurrency'], v.phase !== 'load', 'sets the burst phase, which --phase load leaves out'),
      unusedFlag(given, ['burstRequests', 'burstConcurrency'], v.engine === 'reference', `sets the burst phase, which runs on the reference engine only, not --engine ${v.engine}`),
    ),
});
