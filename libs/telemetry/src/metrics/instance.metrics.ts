import { TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '../metric-buckets';
import { counter, gauge, histogram } from '../metric.model';

/** A prefill or decode instance: its queue, its batch, its KV and the work it did. */
export const INSTANCE_METRICS = {
  tsukimi_instance_computed_tokens_total: counter('Prompt tokens whose KV a prefill instance computed.'),
  tsukimi_instance_reused_tokens_total: counter('Prompt tokens whose KV a prefill instance reused from a cache, by tier (device, dram, ssd).', ['tier']),
  tsukimi_instance_prefill_seconds: histogram('Time a prefill instance spent computing one prompt.', [], TTFT_BUCKETS_SECONDS),
  tsukimi_instance_prefill_requests_total: counter('Prefill requests served by this instance.'),
  tsukimi_instance_prefill_failures_total: counter('Prefill requests that failed, by reason.', ['reason']),
  tsukimi_instance_decode_requests_total: counter('Decode requests served by this instance.'),
  tsukimi_instance_decode_prompt_tokens_total: counter('Prompt tokens a decode instance took on, by source (loaded from blocks, recomputed).', ['source']),
  tsukimi_instance_decode_failures_total: counter('Decode requests that failed, by reason.', ['reason']),
  tsukimi_instance_step_seconds: histogram('Time of one continuous-batching step.', [], TBT_BUCKETS_SECONDS),
  tsukimi_instance_batch_size: gauge('Sequences in the running decode batch.'),
  tsukimi_instance_batch_bound: gauge('Largest decode batch the TBT SLO allows now.'),
  tsukimi_instance_active_sequences: gauge('Requests this decode instance is generating for now.'),
  tsukimi_instance_queue_depth: gauge('Requests waiting in this instance\'s queue.'),
} as const;
