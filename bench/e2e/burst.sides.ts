import { type DisaggregationMode } from '@tsukimi/conductor';
import { type LocalClusterOptions } from '../../apps/cli/src/cluster/cluster.options';

export type Replication = 'off' | 'on';

/** Hot-spot replicas per block, and warm copies per prefix, with replication on. */
const HOT_REPLICAS = 3;
const WARM_COPIES = 2;

/** One configuration of the burst: the cluster to start and the environment its services read their flags from. */
export interface BurstSide {
  readonly cluster: LocalClusterOptions;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The cluster of one configuration of the shared-prefix burst: 2 prefill, 2 decode and a pool of
 * 3 nodes on the tiny model, the same for every configuration but for the conductor's
 * `--disaggregation` and, with replication on, the pool master's `--hot-replicas` and the
 * conductor's `--warm-copies` (off: 1 each, nothing replicated). The thresholds that make a
 * prefix hot are equal on both sides and low enough for a burst of a few dozen requests to cross.
 * Flags a launcher does not take as options go through the services' environment
 * (`TSUKIMI_<SERVICE>_<KEY>`), which the local cluster hands to every service.
 */
export function burstSide(disaggregation: DisaggregationMode, replication: Replication): BurstSide {
  const on = replication === 'on';
  return {
    // Ten services start at once on a machine that may be busy: a longer wait for them than `tsukimi up`'s.
    cluster: { prefill: 2, decode: 2, kvpool: 3, port: 0, engine: 'reference', disaggregation, kvpoolDramBytes: 256 * 1024 ** 2, readyTimeoutMs: 180_000 },
    env: {
      TSUKIMI_KVPOOL_HOT_REPLICAS: String(on ? HOT_REPLICAS : 1),
      TSUKIMI_KVPOOL_HOT_READS_PER_WINDOW: '4',
      TSUKIMI_CONDUCTOR_WARM_COPIES: String(on ? WARM_COPIES : 1),
      TSUKIMI_CONDUCTOR_HOT_PREFIX_THRESHOLD: '4',
    },
  };
}
