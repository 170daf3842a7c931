import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, query, rate, row, timeseries } from './panel.kit';

const LOOKUPS = `(${rate('tsukimi_kvpool_hits_total')} + ${rate('tsukimi_kvpool_misses_total')})`;

/** The KV pool: use by tier, lookups, evictions, data-plane traffic and its failures. */
export function kvPoolDashboard(): Dashboard {
  return dashboard('tsukimi-kv-pool', 'Tsukimi / KV pool')
    .description('The pool of KV blocks across tiers, and the data plane that moves them.')
    .withRow(row('Use'))
    .withPanel(timeseries({ title: 'Bytes held by tier', description: 'Bytes of KV blocks held, by tier.', unit: 'bytes', queries: [query('sum by (tier) (tsukimi_kvpool_used_bytes)', '{{tier}}')] }))
    .withPanel(
      timeseries({
        title: 'Use by tier',
        description: 'Bytes held over bytes available, by tier.',
        unit: 'percentunit',
        queries: [query('sum by (tier) (tsukimi_kvpool_used_bytes) / sum by (tier) (tsukimi_kvpool_capacity_bytes)', '{{tier}}')],
      }),
    )
    .withPanel(timeseries({ title: 'Lookup hit ratio', description: 'Block lookups that found the block, over all lookups.', unit: 'percentunit', queries: [query(`${rate('tsukimi_kvpool_hits_total')} / ${LOOKUPS}`, 'hit ratio')] }))
    .withPanel(timeseries({ title: 'Evictions', description: 'Blocks evicted per second.', unit: 'short', queries: [query(rate('tsukimi_kvpool_evictions_total'), 'evictions')] }))
    .withRow(row('Data plane'))
    .withPanel(timeseries({ title: 'Transfer throughput', description: 'KV bytes moved per second, by direction.', unit: 'Bps', queries: [query(rate('tsukimi_kvpool_transfer_bytes_total', ['direction']), '{{direction}}')] }))
    .withPanel(timeseries({ title: 'Blocks served by tier', description: 'Blocks the pool nodes served per second, by the tier they came from.', unit: 'short', queries: [query(rate('tsukimi_kvpool_served_blocks_total', ['tier']), '{{tier}}')] }))
    .withPanel(
      timeseries({
        title: 'Transfer failures',
        description: 'Block reads the pool could not serve, by reason, and blocks refused as corrupt, by source.',
        unit: 'short',
        queries: [query(rate('tsukimi_kvpool_unserved_blocks_total', ['reason']), 'unserved {{reason}}'), query(rate('tsukimi_kvpool_corrupt_blocks_total', ['source']), 'corrupt {{source}}')],
      }),
    )
    .build();
}
