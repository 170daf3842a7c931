import { type ClusterUnderTestOptions } from '../../apps/conductor/test/cluster-under-test';

/**
 * The cluster of one side of the comparison: the two sides are the same cluster, options and
 * chunking alike, but for `--overlap-kv` on the prefill instance and the conductor, so their ratio
 * says what overlap alone does. Each service runs in a session of its own, as `tsukimi up` runs
 * them (and as Pods have cgroups of their own), unless `oneSession`: then Linux's autogroup
 * scheduling gives all of them together one share of the CPU, and the pool's and decode's work
 * while the prompt computes takes the prefill's share (bench/RESULTS.md, overlap-kv, 2026-12-07).
 */
export function sideOptions(name: 'off' | 'on', chunkTokens: number, oneSession = false): ClusterUnderTestOptions {
  const flag = [name === 'on' ? '--overlap-kv' : '--no-overlap-kv'];
  return { prefill: 1, decode: 1, prefillArgs: [...flag, '--overlap-chunk-tokens', String(chunkTokens)], conductorArgs: flag, ownSessions: !oneSession };
}
