import { type ClusterUnderTestOptions } from '../../apps/conductor/test/cluster-under-test';

/**
 * The cluster of one side of the comparison: the two sides are the same cluster, options and
 * chunking alike, but for `--overlap-kv` on the prefill instance and the conductor, so their ratio
 * says what overlap alone does.
 */
export function sideOptions(name: 'off' | 'on', chunkTokens: number): ClusterUnderTestOptions {
  const flag = [name === 'on' ? '--overlap-kv' : '--no-overlap-kv'];
  return { prefill: 1, decode: 1, prefillArgs: [...flag, '--overlap-chunk-tokens', String(chunkTokens)], conductorArgs: flag };
}
