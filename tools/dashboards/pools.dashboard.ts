import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, quantile, query, rate, row, stat, timeseries } from './panel.kit';

/** One series per scraped instance (Prometheus's `instance` target label) and its role. */
function perInstance(expr: string): string {
  return `sum by (instance, role) (${expr})`;
}

const LEGEND = '{{role}} {{instance}}';

/** The instances' device tier, as all its blocks: held by sequences, cached, or free. */
const KV_CAPACITY = perInstance('tsukimi_instance_kv_used_blocks + tsukimi_instance_kv_cached_blocks + tsukimi_instance_kv_free_blocks');

/** The prefill and decode pools: ready instances by role, per-instance load, KV use and compute. */
export function poolsDashboard(): Dashboard {
  return dashboard('tsukimi-pools', 'Tsukimi / Pools')
    .description('Prefill and decode instances, one series per instance.')
    .withRow(row('Instances'))
    .withPanel(stat({ title: 'Ready instances', description: 'Instances answering /readyz as ready, by role.', unit: 'short', queries: [query('sum by (role) (tsukimi_instance_ready)', '{{role}}')] }))
    .withPanel(stat({ title: 'Instances scraped', description: 'Instances Prometheus scrapes, ready or not, by role.', unit: 'short', queries: [query('count by (role) (tsukimi_instance_ready)', '{{role}}')] }))
    .withRow(row('Load per instance'))
    .withPanel(
      timeseries({
        title: 'Queue depth',
        description: 'Requests waiting: on prefill, loading their prefix before compute; on decode, beyond the seats of the next batch step.',
        unit: 'short',
        queries: [query(perInstance('tsukimi_instance_queue_depth'), LEGEND)],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Batch size and bound',
        description: 'Sequences each engine computes at once, and the largest decode batch the TBT SLO allows now.',
        unit: 'short',
        queries: [query(perInstance('tsukimi_instance_batch_size'), LEGEND), query('sum by (instance) (tsukimi_instance_batch_bound)', 'bound {{instance}}')],
      }),
    )
    .withPanel(timeseries({ title: 'Active sequences', description: 'Requests each instance holds, waiting or computing.', unit: 'short', queries: [query(perInstance('tsukimi_instance_active_sequences'), LEGEND)] }))
    .withPanel(
      timeseries({
        title: 'Requests per instance',
        description: 'Prefill and decode requests served per second.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_instance_prefill_requests_total', ['instance']), 'prefill {{instance}}'), query(rate('tsukimi_instance_decode_requests_total', ['instance']), 'decode {{instance}}')],
      }),
    )
    .withRow(row('KV per instance (device tier)'))
    .withPanel(
      timeseries({
        title: 'KV use per instance',
        description: 'Blocks of each engine\'s device tier held by running sequences, and kept as a prefix cache, over all its blocks.',
        unit: 'percentunit',
        queries: [
          query(`${perInstance('tsukimi_instance_kv_used_blocks')} / ${KV_CAPACITY}`, `${LEGEND} used`),
          query(`${perInstance('tsukimi_instance_kv_cached_blocks')} / ${KV_CAPACITY}`, `${LEGEND} cached`),
        ],
      }),
    )
    .withPanel(timeseries({ title: 'Free KV blocks per instance', description: 'Blocks of each engine\'s device tier holding nothing.', unit: 'short', queries: [query(perInstance('tsukimi_instance_kv_free_blocks'), LEGEND)] }))
    .withRow(row('Compute'))
    .withPanel(timeseries({ title: 'Prefill compute time p99', description: 'Time to compute one prompt.', unit: 's', queries: [query(quantile(0.99, 'tsukimi_instance_prefill_seconds'), 'p99')] }))
    .withPanel(timeseries({ title: 'Decode step time p99', description: 'Time of one continuous-batching step.', unit: 's', queries: [query(quantile(0.99, 'tsukimi_instance_step_seconds'), 'p99')] }))
    .withPanel(
      timeseries({
        title: 'Prompt tokens computed and reused',
        description: 'Prompt tokens whose KV each role computed, and those it reused from each cache tier.',
        unit: 'short',
        queries: [query(rate('tsukimi_instance_computed_tokens_total', ['role']), 'computed {{role}}'), query(rate('tsukimi_instance_reused_tokens_total', ['role', 'tier']), 'reused {{role}} {{tier}}')],
      }),
    )
    .build();
}
