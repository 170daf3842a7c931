import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, percentiles, quantile, query, rate, row, stat, timeseries } from './panel.kit';

/** Mean of a histogram over the window: its windowed sum over its windowed count. */
function mean(histogram: string): string {
  return `${rate(`${histogram}_sum`)} / ${rate(`${histogram}_count`)}`;
}

/** Estimated and actual TTFT side by side at one quantile, so a drift between the two reads as two lines parting. */
function estimatedAgainstActual(q: number) {
  return [
    query(quantile(q, 'tsukimi_scheduler_estimated_ttft_seconds'), `estimated p${q * 100}`),
    query(quantile(q, 'tsukimi_conductor_ttft_seconds'), `actual p${q * 100}`),
  ];
}

/** How the conductor schedules: decision time, the branch of Algorithm 1 taken, estimates against actual TTFT, admissions and rejections. */
export function schedulerDashboard(): Dashboard {
  return dashboard('tsukimi-scheduler', 'Tsukimi / Scheduler')
    .description('The conductor\'s scheduling decisions, over windowed rates.')
    .withRow(row('Decisions'))
    .withPanel(timeseries({ title: 'Decision time', description: 'Time one scheduler decision takes: prefix lookup, estimates, filters, scorers, pick and admission.', unit: 's', queries: percentiles('tsukimi_scheduler_decision_seconds') }))
    .withPanel(
      timeseries({
        title: 'Decisions by branch',
        description: 'Decisions per second by the branch of Mooncake\'s Algorithm 1 the chosen prefill takes: holder (its own cached prefix), fetch (a longer prefix from the pool or a peer), recompute; local (only a decode instance chosen, to run the request whole); or rejected.',
        unit: 'ops',
        queries: [query(rate('tsukimi_scheduler_decisions_total', ['branch']), '{{branch}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Plans carried out by prefill',
        description: 'Prefills per second by the branch their plan carried and how it went: followed, or why the instance fell back (device-evicted, block-missing, node-unreachable, block-corrupt, pool-unavailable), each time to another replica and then to computing.',
        unit: 'ops',
        queries: [query(rate('tsukimi_instance_plan_outcomes_total', ['branch', 'reason']), '{{branch}} {{reason}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Disaggregated or run on decode',
        description: 'Requests per second by where their prompt was computed (disaggregated: on a prefill instance; local: on the decode instance, in chunks between batch steps) and why the conductor chose so.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_scheduler_disaggregation_total', ['branch', 'reason']), '{{branch}} {{reason}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Waits for an in-flight prefix',
        description: 'Requests per second that waited for a prefix another request\'s prefill was computing rather than compute it again, by how the wait ended: answered (its blocks then reused), failed, or timed-out (then computed).',
        unit: 'reqps',
        queries: [query(rate('tsukimi_scheduler_inflight_waits_total', ['reason']), '{{reason}}')],
      }),
    )
    .withRow(row('Estimates'))
    .withPanel(
      timeseries({
        title: 'Estimated against actual TTFT',
        description: 'The TTFT the scheduler estimated for the instance it chose, beside the TTFT clients saw (arrival to first token, so it also holds the queue wait).',
        unit: 's',
        queries: [...estimatedAgainstActual(0.5), ...estimatedAgainstActual(0.9)],
      }),
    )
    .withPanel(
      stat({
        title: 'Mean estimate over mean actual TTFT',
        description: 'Below 1: estimates run short of what clients see, and admission lets in more than meets the SLO; above 1: it refuses what it could serve.',
        unit: 'percentunit',
        queries: [query(`(${mean('tsukimi_scheduler_estimated_ttft_seconds')}) / (${mean('tsukimi_conductor_ttft_seconds')})`, 'estimate / actual')],
        width: 12,
      }),
    )
    .withRow(row('Admission'))
    .withPanel(
      timeseries({
        title: 'Admissions and rejections',
        description: 'Choices admitted and served to the end, and requests refused with 429 by reason.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_scheduler_admissions_total'), 'admitted'), query(rate('tsukimi_conductor_rejections_total', ['reason']), 'rejected: {{reason}}')],
        width: 24,
      }),
    )
    .withRow(row('Cache audit'))
    .withPanel(
      timeseries({
        title: 'Prefill caches trusted',
        description: 'Per prefill instance, 1 while scoring counts its cache, 0 once its reuse fell persistently short of the conductor\'s predictions (or it keyed prompts otherwise): its cache then counts as empty until predictions match again. The conductor logs each move with a probable cause.',
        unit: 'short',
        queries: [query('min by (instance) (tsukimi_conductor_instance_cache_trusted)', '{{instance}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Predicted cached tokens not reused',
        description: 'Per prefill instance and tier, the share of the cached tokens the conductor predicted that the instance did not reuse: near 0 when routing\'s picture of the caches is right.',
        unit: 'percentunit',
        queries: [query(`${rate('tsukimi_conductor_reuse_shortfall_tokens_total', ['instance', 'tier'])} / ${rate('tsukimi_conductor_predicted_cached_tokens_total', ['instance', 'tier'])}`, '{{instance}} {{tier}}')],
      }),
    )
    .build();
}
