import { counter, gauge } from '../metric.model';

/** The KV cache pool: what each tier holds, what lookups found, and what the data plane moved. */
export const KVPOOL_METRICS = {
  tsukimi_kvpool_used_bytes: gauge('Bytes of KV blocks held, by tier.', ['tier']),
  tsukimi_kvpool_capacity_bytes: gauge('Bytes available for KV blocks, by tier.', ['tier']),
  tsukimi_kvpool_hits_total: counter('Block lookups that found the block.'),
  tsukimi_kvpool_misses_total: counter('Block lookups that did not find the block.'),
  tsukimi_kvpool_evictions_total: counter('Blocks evicted from a tier.'),
  tsukimi_kvpool_served_blocks_total: counter('Blocks a kvpool node served over the data plane, by the tier they came from.', ['tier']),
  tsukimi_kvpool_unserved_blocks_total: counter('Block reads a kvpool node could not serve, by reason (absent, corrupt, io-failure).', ['reason']),
  tsukimi_kvpool_transfer_bytes_total: counter('KV bytes moved over the data plane, by direction (sent, received).', ['direction']),
  tsukimi_kvpool_transfer_errors_total: counter('Failed block transfers, by reason.', ['reason']),
  tsukimi_kvpool_corrupt_blocks_total: counter('Blocks refused because their checksum or header did not match, by source.', ['source']),
} as const;
