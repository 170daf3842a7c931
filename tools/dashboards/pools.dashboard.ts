import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, quantile, query, rate, row, stat, timeseries } from './panel.kit';

/** The prefill and decode pools: instances up, per-instance load, batch and KV use. */
export function poolsDashboard(): Dashboard {
  return dashboard('tsukimi-pools', 'Tsukimi / Pools')
    .description('Prefill and decode instances, one series per instance.')
    .withRow(row('Instances'))
    .withPanel(stat({ title: 'Prefill instances up', description: 'Prefill instances answering scrapes.', unit: 'short', queries: [query('count(tsukimi_instance_prefill_requests_total)', 'prefill')] }))
    .withPanel(stat({ title: 'Decode instances up', description: 'Decode instances answering scrapes.', unit: 'short', queries: [query('count(tsukimi_instance_batch_size)', 'decode')] }))
    .withRow(row('Load'))
    .withPanel(timeseries({ title: 'Prefill requests per instance', description: 'Prefill requests served per second.', unit: 'reqps', queries: [query(rate('tsukimi_instance_prefill_requests_total', ['instance']), '{{instance}}')] }))
    .withPanel(timeseries({ title: 'Decode requests per instance', description: 'Decode requests served per second.', unit: 'reqps', queries: [query(rate('tsukimi_instance_decode_requests_total', ['instance']), '{{instance}}')] }))
    .withPanel(timeseries({ title: 'Active sequences per decode instance', description: 'Requests each decode instance is generating for.', unit: 'short', queries: [query('sum by (instance) (tsukimi_instance_active_sequences)', '{{instance}}')] }))
    .withPanel(
      timeseries({
        title: 'Decode batch size and bound',
        description: 'The running batch, and the largest batch the TBT SLO allows now.',
        unit: 'short',
        queries: [query('sum by (instance) (tsukimi_instance_batch_size)', '{{instance}} batch'), query('sum by (instance) (tsukimi_instance_batch_bound)', '{{instance}} bound')],
      }),
    )
    .withRow(row('Compute'))
    .withPanel(timeseries({ title: 'Prefill compute time p99', description: 'Time to compute one prompt.', unit: 's', queries: [query(quantile(0.99, 'tsukimi_instance_prefill_seconds'), 'p99')] }))
    .withPanel(timeseries({ title: 'Decode step time p99', description: 'Time of one continuous-batching step.', unit: 's', queries: [query(quantile(0.99, 'tsukimi_instance_step_seconds'), 'p99')] }))
    .withPanel(
      timeseries({
        title: 'Prompt tokens computed and reused',
        description: 'Prompt tokens whose KV prefill computed, and those it reused from each cache tier.',
        unit: 'short',
        queries: [query(rate('tsukimi_instance_computed_tokens_total'), 'computed'), query(rate('tsukimi_instance_reused_tokens_total', ['tier']), 'reused {{tier}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'KV use per instance',
        description: 'Bytes of KV blocks each instance holds over its capacity, by tier.',
        unit: 'percentunit',
        queries: [query('sum by (instance, tier) (tsukimi_kvpool_used_bytes) / sum by (instance, tier) (tsukimi_kvpool_capacity_bytes)', '{{instance}} {{tier}}')],
      }),
    )
    .build();
}
