import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '../metric-buckets';
import { counter, histogram } from '../metric.model';

/** What users see, measured where they meet the platform: the conductor. */
export const CONDUCTOR_METRICS = {
  tsukimi_conductor_ttft_seconds: histogram('Time from request arrival to its first generated token.', [], TTFT_BUCKETS_SECONDS),
  tsukimi_conductor_inter_token_latency_seconds: histogram('Time between consecutive generated tokens of one request.', [], TBT_BUCKETS_SECONDS),
  tsukimi_conductor_e2e_latency_seconds: histogram('Time from request arrival to its last token.', [], E2E_BUCKETS_SECONDS),
  tsukimi_conductor_time_per_output_token_seconds: histogram('Mean time per generated token after the first, per choice of a request.', [], TBT_BUCKETS_SECONDS),
  tsukimi_conductor_requests_total: counter('Requests finished, by HTTP status code (499: the client went away first).', ['status_code']),
  tsukimi_conductor_goodput_requests_total: counter('Requests that finished ok with their first token within the TTFT SLO and every inter-token gap within the TBT SLO, as the conductor sent them.'),
  tsukimi_conductor_prompt_tokens_total: counter('Prompt tokens received.'),
  tsukimi_conductor_generated_tokens_total: counter('Tokens generated.'),
  tsukimi_conductor_cached_tokens_total: counter('Prompt tokens served from the KV cache instead of computed, by tier.', ['tier']),
  tsukimi_conductor_rejections_total: counter('Requests the conductor rejected, by reason.', ['reason']),
} as const;
