import { counter, gauge, histogram } from '../metric.model';

/**
 * Data-plane transfers: from a fraction of a millisecond (a few blocks on loopback) to seconds
 * (a long prompt's blocks over a congested link), dense below 100 ms where a transfer eats into TTFT.
 */
export const TRANSFER_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Metadata-store round trips: a loopback Redis answers in well under a millisecond, a loaded or remote one in tens. */
export const REDIS_BUCKETS_SECONDS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The KV cache pool: what each tier holds, what lookups found, what moved between tiers and over
 * the data plane, what readers and pins protect, which master leads and how fast its Redis answers.
 *
 * Hits and misses by tier follow a read down a node's tiers, fastest first: a read hits at the
 * first tier that holds the block and misses at every tier it looked in before (and at every tier
 * when no tier holds it, or the copy found was corrupt). So `hits{tier} / (hits{tier} + misses{tier})`
 * is the share of the reads reaching a tier that it served, as for CPU cache levels.
 */
export const KVPOOL_METRICS = {
  tsukimi_kvpool_used_bytes: gauge('Bytes of KV blocks held, by tier.', ['tier']),
  tsukimi_kvpool_capacity_bytes: gauge('Bytes available for KV blocks, by tier.', ['tier']),
  tsukimi_kvpool_held_blocks: gauge('KV blocks held, by tier.', ['tier']),
  tsukimi_kvpool_lookup_hits_total: counter('Blocks a master lookup (get) found complete somewhere in the pool.'),
  tsukimi_kvpool_lookup_misses_total: counter('Blocks a master lookup (get) found nowhere in the pool.'),
  tsukimi_kvpool_hits_total: counter('Block reads a node served from a tier, by that tier (the first tier holding the block).', ['tier']),
  tsukimi_kvpool_misses_total: counter('Block reads that looked in a tier and did not find the block there (or found it corrupt), by tier.', ['tier']),
  tsukimi_kvpool_evictions_total: counter('Block replicas the master evicted from a tier (demoted or dropped) to bring it under its watermark, by tier.', ['tier']),
  tsukimi_kvpool_replications_total: counter(
    'Hot-spot replication decisions of the leading master, by reason: hot (a replica copied to one more node), cooled (an added replica dropped), failed (a copy that did not land), no-room (a hot block left short of replicas).',
    ['reason'],
  ),
  tsukimi_kvpool_promotions_total: counter('Blocks a node moved up to a faster tier (an SSD hit copied into DRAM), by the tier moved to.', ['tier']),
  tsukimi_kvpool_demotions_total: counter('Blocks a node moved down to a slower tier (for room or on the master\'s command), by the tier moved from.', ['tier']),
  tsukimi_kvpool_served_blocks_total: counter('Blocks a kvpool node served over the data plane, by the tier they came from.', ['tier']),
  tsukimi_kvpool_unserved_blocks_total: counter('Block reads a kvpool node could not serve, by reason (absent, corrupt, io-failure).', ['reason']),
  tsukimi_kvpool_transfer_bytes_total: counter('KV bytes moved over the data plane, by direction (sent, received) as this process saw them.', ['direction']),
  tsukimi_kvpool_transfer_seconds: histogram('Time of one data-plane batch (a read or write of a request\'s blocks to one node), by direction, as the client saw it.', ['direction'], TRANSFER_BUCKETS_SECONDS),
  tsukimi_kvpool_transfer_errors_total: counter('Failed block transfers, by reason (a transport error kind, or why a node refused a block).', ['reason']),
  tsukimi_kvpool_corrupt_blocks_total: counter('Blocks refused because their checksum or header did not match, by source.', ['source']),
  tsukimi_kvpool_block_rejects_total: counter(
    'Blocks an instance read from the pool and refused, then recomputed, by reason: digest (a sound block of other tokens under its key), checksum (damaged on disk or in flight), key, model, layout, length, truncated, magic, version.',
    ['reason'],
  ),
  tsukimi_kvpool_leased_blocks: gauge('Complete blocks under a reader\'s lease now (not evictable, not removable), as the leading master counts them.'),
  tsukimi_kvpool_soft_pinned_blocks: gauge('Blocks soft-pinned now (not evictable until the pin expires), as the leading master counts them.'),
  tsukimi_kvpool_hard_pinned_blocks: gauge('Blocks hard-pinned now (neither evictable nor removable until unpinned), as the leading master counts them.'),
  tsukimi_kvpool_leader: gauge('1 while this kvpool master leads (holds the leader lease), 0 while it stands by.'),
  tsukimi_kvpool_redis_seconds: histogram('Time of one metadata or leader-lease operation against Redis, by operation, as the master saw it.', ['operation'], REDIS_BUCKETS_SECONDS),
} as const;
