import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, percentiles, query, rate, row, stat, thresholdVariable, timeseries, WINDOW } from './panel.kit';

/** Share of a histogram's observations at or under the threshold variable: exact, since the conductor makes each SLO a bucket edge. */
function attainment(histogram: string, variable: string): string {
  return `sum(rate(${histogram}_bucket{le="$${variable}"}[${WINDOW}])) / sum(rate(${histogram}_count[${WINDOW}]))`;
}

// Requests refused as invalid (4xx other than 429 rejections and 499 client departures) say nothing about the service's latency: left out of the denominator.
const GOODPUT_RATIO = `${rate('tsukimi_conductor_goodput_requests_total')} / ${rate('tsukimi_conductor_requests_total', [], '{status_code=~"2..|429|499|5.."}')}`;
const ERROR_RATIO = `(${rate('tsukimi_conductor_requests_total', [], '{status_code=~"5.."}')} or vector(0)) / ${rate('tsukimi_conductor_requests_total')}`;

/** What users see: latency percentiles, SLO attainment, goodput, errors, throughput, rejections and cache hits. */
export function sloOverviewDashboard(): Dashboard {
  return dashboard('tsukimi-slo-overview', 'Tsukimi / SLO overview')
    .description('User-visible latency and goodput at the conductor, over windowed rates.')
    // The chart's dashboards ConfigMap replaces these defaults with conductor.ttftSloMs and tbtSloMs (templates/_dashboards.tpl).
    .withVariable(thresholdVariable('ttft_slo', 'TTFT SLO (s)', '2', 'The conductor\'s --ttft-slo-ms in seconds, as the histogram\'s le label writes it; the Helm chart sets it from conductor.ttftSloMs.'))
    .withVariable(thresholdVariable('tbt_slo', 'TBT SLO (s)', '0.2', 'The conductor\'s --tbt-slo-ms in seconds, as the histogram\'s le label writes it; the Helm chart sets it from conductor.tbtSloMs.'))
    .withRow(row('SLOs'))
    .withPanel(stat({ title: 'Goodput ratio', description: 'Requests within both their TTFT and TBT SLO, over all finished requests but invalid ones.', unit: 'percentunit', queries: [query(GOODPUT_RATIO, 'goodput')] }))
    .withPanel(stat({ title: 'TTFT SLO attainment', description: 'Share of first tokens within the TTFT SLO.', unit: 'percentunit', queries: [query(attainment('tsukimi_conductor_ttft_seconds', 'ttft_slo'), 'TTFT')] }))
    .withPanel(stat({ title: 'TBT SLO attainment', description: 'Share of inter-token gaps within the TBT SLO.', unit: 'percentunit', queries: [query(attainment('tsukimi_conductor_inter_token_latency_seconds', 'tbt_slo'), 'TBT')] }))
    .withPanel(stat({ title: 'Error ratio', description: 'Requests that failed with a 5xx status over all finished requests.', unit: 'percentunit', queries: [query(ERROR_RATIO, 'errors')] }))
    .withRow(row('Latency'))
    .withPanel(timeseries({ title: 'Time to first token', description: 'From request arrival to the first token sent.', unit: 's', queries: percentiles('tsukimi_conductor_ttft_seconds') }))
    .withPanel(timeseries({ title: 'Inter-token latency', description: 'Gaps between consecutive tokens of one request.', unit: 's', queries: percentiles('tsukimi_conductor_inter_token_latency_seconds') }))
    .withPanel(timeseries({ title: 'End-to-end latency', description: 'From request arrival to its last token.', unit: 's', queries: percentiles('tsukimi_conductor_e2e_latency_seconds') }))
    .withPanel(
      timeseries({
        title: 'Queue wait',
        description: 'From request arrival until its first prefill call goes out: parsing, tokenizing, hashing and scheduling (not the prefill instance\'s own queue).',
        unit: 's',
        queries: percentiles('tsukimi_conductor_queue_wait_seconds'),
      }),
    )
    .withPanel(timeseries({ title: 'Time per output token', description: 'Mean time per token after the first, per choice.', unit: 's', queries: percentiles('tsukimi_conductor_time_per_output_token_seconds') }))
    .withRow(row('Traffic'))
    .withPanel(
      timeseries({
        title: 'Requests by status',
        description: 'Finished requests per second, by HTTP status code, and goodput beside them.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_conductor_requests_total', ['status_code']), '{{status_code}}'), query(rate('tsukimi_conductor_goodput_requests_total'), 'goodput')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Tokens per second',
        description: 'Prompt tokens received and tokens generated.',
        unit: 'short',
        queries: [query(rate('tsukimi_conductor_prompt_tokens_total'), 'prompt'), query(rate('tsukimi_conductor_generated_tokens_total'), 'generated')],
      }),
    )
    .withPanel(timeseries({ title: 'Rejections by reason', description: 'Requests refused, by reason: 503 while no instance of a role is routable, else 429.', unit: 'reqps', queries: [query(rate('tsukimi_conductor_rejections_total', ['reason']), '{{reason}}')] }))
    .withPanel(
      timeseries({
        title: 'Tenant rate limits',
        description: 'Requests refused with 429 by a tenant limit, by the limit (requests, tokens, concurrency); and requests served unchecked because the limit store (Redis) could not answer.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_conductor_rate_limited_total', ['reason']), 'refused: {{reason}}'), query(rate('tsukimi_conductor_rate_limit_unchecked_total'), 'served unchecked')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Decode migrations',
        description: 'Requests whose decode instance was lost mid-stream (gone, or silent past the idle timeout), by what became of them: migrated (resumed on another instance with the same tokens), disabled (--decode-migration=false: the stream ended with an error), no-instance, not-migratable.',
        unit: 'reqps',
        queries: [query(rate('tsukimi_conductor_decode_migrations_total', ['outcome']), '{{outcome}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Instance circuits',
        description: 'Each instance\'s circuit as routing reads it: 0 closed (routed to), 1 half-open (a probe is the trial), 2 open (no requests: its error rate or timeouts in a row, until its cool-down has passed and a probe succeeded).',
        unit: 'short',
        queries: [query('max by (role, instance) (tsukimi_conductor_instance_circuit_state)', '{{role}} {{instance}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Cache hit ratio by tier',
        description: 'Prompt tokens served from the KV cache of each tier, over all prompt tokens.',
        unit: 'percentunit',
        queries: [query(`${rate('tsukimi_conductor_cached_tokens_total', ['tier'])} / scalar(${rate('tsukimi_conductor_prompt_tokens_total')})`, '{{tier}}')],
      }),
    )
    .build();
}
