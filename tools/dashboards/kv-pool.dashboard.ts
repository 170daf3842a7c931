import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, query, rate, row, stat, timeseries, WINDOW } from './panel.kit';

/** `rate(hits) / (rate(hits) + rate(misses))` per group: the share of lookups reaching a level that it answered. */
function hitRatio(hits: string, misses: string, by: readonly string[] = []): string {
  return `${rate(hits, by)} / (${rate(hits, by)} + ${rate(misses, by)})`;
}

/** The `q` quantile of a histogram over the window, one series per value of `by`. */
function quantileBy(q: number, histogram: string, by: string): string {
  return `histogram_quantile(${q}, sum by (le, ${by}) (rate(${histogram}_bucket[${WINDOW}])))`;
}

/**
 * The KV pool: use and hit ratio by tier, moves between tiers, the data plane and its failures,
 * what leases and pins protect, which master leads, and how fast its Redis answers.
 */
export function kvPoolDashboard(): Dashboard {
  return dashboard('tsukimi-kv-pool', 'Tsukimi / KV pool')
    .description('The pool of KV blocks across tiers, the data plane that moves them, and the master that keeps their metadata.')
    .withRow(row('Use'))
    .withPanel(timeseries({ title: 'Bytes held by tier', description: 'Bytes of KV blocks held, by tier.', unit: 'bytes', width: 8, queries: [query('sum by (tier) (tsukimi_kvpool_used_bytes)', '{{tier}}')] }))
    .withPanel(
      timeseries({
        title: 'Use by tier',
        description: 'Bytes held over bytes available, by tier.',
        unit: 'percentunit',
        width: 8,
        queries: [query('sum by (tier) (tsukimi_kvpool_used_bytes) / sum by (tier) (tsukimi_kvpool_capacity_bytes)', '{{tier}}')],
      }),
    )
    .withPanel(timeseries({ title: 'Blocks held by tier', description: 'KV blocks held, by tier.', unit: 'short', width: 8, queries: [query('sum by (tier) (tsukimi_kvpool_held_blocks)', '{{tier}}')] }))
    .withRow(row('Lookups and moves'))
    .withPanel(
      timeseries({
        title: 'Hit ratio by tier',
        description: 'Of the block reads that looked in a tier, the share it served. A read looks in DRAM, then SSD: it hits at the first tier holding the block and misses at each tier before (and at every tier when none holds it, or the copy was corrupt).',
        unit: 'percentunit',
        queries: [query(hitRatio('tsukimi_kvpool_hits_total', 'tsukimi_kvpool_misses_total', ['tier']), '{{tier}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Pool lookup hit ratio',
        description: 'Of the blocks readers asked the master for, the share found complete somewhere in the pool.',
        unit: 'percentunit',
        queries: [query(hitRatio('tsukimi_kvpool_lookup_hits_total', 'tsukimi_kvpool_lookup_misses_total'), 'found')],
      }),
    )
    .withPanel(timeseries({ title: 'Evictions by tier', description: 'Block replicas the master evicted per second (demoted or dropped) to bring a tier under its watermark, by tier.', unit: 'short', queries: [query(rate('tsukimi_kvpool_evictions_total', ['tier']), '{{tier}}')] }))
    .withPanel(
      timeseries({
        title: 'Promotions and demotions',
        description: 'Blocks nodes moved per second up to a faster tier (by the tier moved to) and down to a slower one (by the tier moved from).',
        unit: 'short',
        queries: [query(rate('tsukimi_kvpool_promotions_total', ['tier']), 'promoted to {{tier}}'), query(rate('tsukimi_kvpool_demotions_total', ['tier']), 'demoted from {{tier}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Hot-spot replication',
        description: 'Replica changes the leading master made per second: copies of hot blocks added (hot), added copies dropped once the block cooled (cooled), copies that failed, and hot blocks left short for lack of room (no-room).',
        unit: 'short',
        queries: [query(rate('tsukimi_kvpool_replications_total', ['reason']), '{{reason}}')],
      }),
    )
    .withRow(row('Data plane'))
    .withPanel(
      timeseries({
        title: 'Transfer throughput',
        description: 'KV bytes moved per second over the data plane, by the service that counted them (pool nodes, prefill and decode instances) and direction.',
        unit: 'Bps',
        queries: [query(rate('tsukimi_kvpool_transfer_bytes_total', ['job', 'direction']), '{{job}} {{direction}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Transfer time',
        description: 'Time of one data-plane batch as prefill and decode instances saw it, p50 and p99, by direction (received: read from the pool; sent: written to it).',
        unit: 's',
        queries: [query(quantileBy(0.5, 'tsukimi_kvpool_transfer_seconds', 'direction'), 'p50 {{direction}}'), query(quantileBy(0.99, 'tsukimi_kvpool_transfer_seconds', 'direction'), 'p99 {{direction}}')],
      }),
    )
    .withPanel(timeseries({ title: 'Blocks served by tier', description: 'Blocks the pool nodes served per second, by the tier they came from.', unit: 'short', queries: [query(rate('tsukimi_kvpool_served_blocks_total', ['tier']), '{{tier}}')] }))
    .withPanel(
      timeseries({
        title: 'Transfer failures',
        description: 'Blocks that failed to move per second, by reason, on either side; block reads the pool could not serve, by reason; blocks refused as corrupt, by source; and pool blocks prefill and decode instances refused and recomputed, by reason (digest: another prompt\'s block under the key asked for).',
        unit: 'short',
        queries: [
          query(rate('tsukimi_kvpool_transfer_errors_total', ['reason']), 'failed {{reason}}'),
          query(rate('tsukimi_kvpool_unserved_blocks_total', ['reason']), 'unserved {{reason}}'),
          query(rate('tsukimi_kvpool_corrupt_blocks_total', ['source']), 'corrupt {{source}}'),
          query(rate('tsukimi_kvpool_block_rejects_total', ['reason']), 'rejected {{reason}}'),
        ],
      }),
    )
    .withRow(row('Master'))
    .withPanel(stat({ title: 'Leading masters', description: 'Masters holding the leader lease now: 1 when healthy; 0 means no master serves.', unit: 'short', queries: [query('sum(tsukimi_kvpool_leader)', 'leading')] }))
    .withPanel(stat({ title: 'Standby masters', description: 'Masters running but not leading, ready to take over.', unit: 'short', queries: [query('count(tsukimi_kvpool_leader == 0) or vector(0)', 'standby')] }))
    .withPanel(stat({ title: 'Leadership epoch', description: 'The epoch of the leading master\'s tenure: it grows with every new leader, and storage nodes refuse the commands of any lower one.', unit: 'none', queries: [query('max(tsukimi_kvpool_leader_epoch)', 'epoch')] }))
    .withPanel(
      timeseries({
        title: 'Deposed master refused',
        description: 'What storage nodes refused from a master that had lost the lead: its heartbeat answers, and the commands (deletes, demotions) they carried. Above 0 only around a failover.',
        unit: 'short',
        queries: [query('sum(rate(tsukimi_kvpool_stale_epoch_answers_total[' + WINDOW + ']))', 'answers'), query('sum(rate(tsukimi_kvpool_stale_epoch_commands_total[' + WINDOW + ']))', 'commands')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Leases and pins held',
        description: 'Blocks protected from eviction now: under a reader\'s lease, soft-pinned, hard-pinned, as the leading master last counted them.',
        unit: 'short',
        queries: [query('sum(tsukimi_kvpool_leased_blocks)', 'leased'), query('sum(tsukimi_kvpool_soft_pinned_blocks)', 'soft-pinned'), query('sum(tsukimi_kvpool_hard_pinned_blocks)', 'hard-pinned')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Redis latency',
        description: 'Time of one metadata or leader-lease operation against Redis, p99 by operation, as the masters saw it.',
        unit: 's',
        queries: [query(quantileBy(0.99, 'tsukimi_kvpool_redis_seconds', 'operation'), 'p99 {{operation}}')],
      }),
    )
    .withPanel(timeseries({ title: 'Redis operations', description: 'Metadata and leader-lease operations against Redis per second, by operation.', unit: 'ops', queries: [query('sum by (operation) (rate(tsukimi_kvpool_redis_seconds_count[' + WINDOW + ']))', '{{operation}}')] }))
    .build();
}
