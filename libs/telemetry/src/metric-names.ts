import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from './metric-buckets';
import { counter, gauge, histogram, type MetricDefinition } from './metric.model';

/**
 * Every metric a Tsukimi service exports, keyed by its Prometheus name. Dashboards, alerts
 * and tests name metrics through this list only, so adding one is one line here.
 *
 * Label values: `tier` is `device`, `dram` or `ssd`; `direction` is `sent` or `received`;
 * `outcome`, `kind`, `source` and `reason` are short constant words (never ids, prompts or
 * free text, which would explode the number of series).
 */
export const TSUKIMI_METRICS = {
  tsukimi_ttft_seconds: histogram('Time from request arrival to its first generated token.', [], TTFT_BUCKETS_SECONDS),
  tsukimi_tbt_seconds: histogram('Time between consecutive generated tokens of one request.', [], TBT_BUCKETS_SECONDS),
  tsukimi_e2e_latency_seconds: histogram('Time from request arrival to its last token.', [], E2E_BUCKETS_SECONDS),
  tsukimi_requests_total: counter('Requests finished, by outcome (ok, error, rejected, cancelled).', ['outcome']),
  tsukimi_goodput_requests_total: counter('Requests that finished ok with their first token within the TTFT SLO and every inter-token gap within the TBT SLO, as the conductor sent them.'),
  tsukimi_time_per_output_token_seconds: histogram('Mean time per generated token after the first, per choice of a request.', [], TBT_BUCKETS_SECONDS),
  tsukimi_prompt_tokens_total: counter('Prompt tokens received.'),
  tsukimi_generated_tokens_total: counter('Tokens generated.'),
  tsukimi_cached_tokens_total: counter('Prompt tokens served from the KV cache instead of computed, by tier.', ['tier']),
  tsukimi_prefill_computed_tokens_total: counter('Prompt tokens whose KV a prefill instance computed.'),
  tsukimi_prefill_reused_tokens_total: counter('Prompt tokens whose KV a prefill instance reused from a cache, by tier (device, dram, ssd).', ['tier']),
  tsukimi_prefill_compute_seconds: histogram('Time a prefill instance spent computing one prompt.', [], TTFT_BUCKETS_SECONDS),
  tsukimi_prefill_failures_total: counter('Prefill requests that failed, by reason.', ['reason']),
  tsukimi_prefill_requests_total: counter('Prefill requests served by this instance.'),
  tsukimi_decode_requests_total: counter('Decode requests served by this instance.'),
  tsukimi_decode_prompt_tokens_total: counter('Prompt tokens a decode instance took on, by source (loaded from blocks, recomputed).', ['source']),
  tsukimi_decode_step_seconds: histogram('Time of one continuous-batching step.', [], TBT_BUCKETS_SECONDS),
  tsukimi_decode_failures_total: counter('Decode requests that failed, by reason.', ['reason']),
  tsukimi_decode_batch_size: gauge('Sequences in the running decode batch.'),
  tsukimi_decode_batch_bound: gauge('Largest decode batch the TBT SLO allows now.'),
  tsukimi_decode_active_sequences: gauge('Requests this decode instance is generating for now.'),
  tsukimi_queue_depth: gauge('Requests waiting in this instance\'s queue.'),
  tsukimi_kvpool_usage_bytes: gauge('Bytes of KV blocks held, by tier.', ['tier']),
  tsukimi_kvpool_capacity_bytes: gauge('Bytes available for KV blocks, by tier.', ['tier']),
  tsukimi_kvpool_hits_total: counter('Block lookups that found the block.'),
  tsukimi_kvpool_misses_total: counter('Block lookups that did not find the block.'),
  tsukimi_kvpool_evictions_total: counter('Blocks evicted from a tier.'),
  tsukimi_kvpool_served_blocks_total: counter('Blocks a kvpool node served over the data plane, by the tier they came from.', ['tier']),
  tsukimi_kvpool_unserved_blocks_total: counter('Block reads a kvpool node could not serve, by reason (absent, corrupt, io-failure).', ['reason']),
  tsukimi_transfer_bytes_total: counter('KV bytes moved over the data plane, by direction (sent, received).', ['direction']),
  tsukimi_transfer_errors_total: counter('Failed block transfers, by kind.', ['kind']),
  tsukimi_corrupt_blocks_total: counter('Blocks refused because their checksum or header did not match, by source.', ['source']),
  tsukimi_admissions_total: counter('Requests the conductor admitted.'),
  tsukimi_rejections_total: counter('Requests the conductor rejected, by reason.', ['reason']),
} as const satisfies Readonly<Record<string, MetricDefinition>>;

export type TsukimiMetrics = typeof TSUKIMI_METRICS;
export type MetricName = keyof TsukimiMetrics;
export type CounterName = NamesOfKind<'counter'>;
export type GaugeName = NamesOfKind<'gauge'>;
export type HistogramName = NamesOfKind<'histogram'>;

type NamesOfKind<K> = { [N in MetricName]: TsukimiMetrics[N]['kind'] extends K ? N : never }[MetricName];
