import { TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '../metric-buckets';
import { counter, gauge, histogram } from '../metric.model';

/**
 * A prefill or decode instance: its readiness, queue, batch, device-tier KV and the work it did.
 * What both roles record is one series with a `role` label (prefill, decode); the gauges are
 * sampled at each scrape, so they never lag behind the instance.
 */
export const INSTANCE_METRICS = {
  tsukimi_instance_ready: gauge('1 while the instance answers /readyz as ready (serving, model loaded), else 0.', ['role']),
  tsukimi_instance_queue_depth: gauge('Requests waiting: on prefill, accepted but not yet computing (loading their prefix); on decode, in the batch but beyond the seats the next step takes.', ['role']),
  tsukimi_instance_batch_size: gauge('Sequences the engine computes at once: on prefill, prompts computing now; on decode, members the next continuous-batching step advances.', ['role']),
  tsukimi_instance_active_sequences: gauge('Requests the instance holds now: on prefill, accepted and not yet handed to the pool; on decode, members of the batch.', ['role']),
  tsukimi_instance_batch_bound: gauge('Largest decode batch the TBT SLO allows now.'),
  tsukimi_instance_kv_used_blocks: gauge('KV blocks of the engine\'s device tier held by running sequences.', ['role']),
  tsukimi_instance_kv_cached_blocks: gauge('KV blocks of the engine\'s device tier kept as a prefix cache, held by no sequence (evictable).', ['role']),
  tsukimi_instance_kv_free_blocks: gauge('KV blocks of the engine\'s device tier holding nothing.', ['role']),
  tsukimi_instance_computed_tokens_total: counter('Prompt tokens whose KV the instance computed (on decode: recomputed, as the pool lacked them).', ['role']),
  tsukimi_instance_reused_tokens_total: counter('Prompt tokens whose KV the instance reused from a cache, by tier (device, dram, ssd).', ['role', 'tier']),
  tsukimi_instance_prefill_seconds: histogram('Time a prefill instance spent computing one prompt.', [], TTFT_BUCKETS_SECONDS),
  tsukimi_instance_prefill_requests_total: counter('Prefill requests served by this instance.'),
  tsukimi_instance_prefill_failures_total: counter('Prefill requests that failed, by reason.', ['reason']),
  tsukimi_instance_plan_outcomes_total: counter(
    'Prefills by the scheduling branch their plan carried (holder, fetch, recompute; none without a plan) and how it went: reason followed, or why the instance fell back (device-evicted, block-missing, node-unreachable, block-corrupt, pool-unavailable).',
    ['role', 'branch', 'reason'],
  ),
  tsukimi_instance_decode_requests_total: counter('Decode requests served by this instance.'),
  tsukimi_instance_decode_failures_total: counter('Decode requests that failed, by reason.', ['reason']),
  tsukimi_instance_local_prefills_total: counter('Requests a decode instance ran whole, computing the prompt itself, because the conductor chose not to disaggregate them.'),
  tsukimi_instance_local_stored_blocks_total: counter('Prompt blocks a decode instance stored in the pool after running a request whole, so other instances can reuse them.'),
  tsukimi_instance_warmed_blocks_total: counter('Blocks a prefill instance loaded from the pool into its device tier ahead of the requests for them, at the conductor\'s Warm (a warm copy of a hot prefix), by the tier they were read from.', ['tier']),
  tsukimi_instance_prefetched_blocks_total: counter('Blocks a decode instance loaded from the pool while the request\'s prefill still computed them (overlapped KV streaming).'),
  tsukimi_instance_prefetch_loaded_blocks_total: counter('Blocks a decode instance loaded through a prefetch begun with the request\'s prefill (overlapped KV streaming), before its decode came or while it waited for the last stores.'),
  tsukimi_instance_drain_blocks_handed_total: counter('Blocks a draining instance handed from its engine\'s memory to the pool (those the pool lacked), hottest first, before it exited.', ['role']),
  tsukimi_instance_drain_bytes_handed_total: counter('Bytes of the blocks a draining instance handed from its engine\'s memory to the pool.', ['role']),
  tsukimi_instance_step_seconds: histogram('Time of one continuous-batching decode step.', [], TBT_BUCKETS_SECONDS),
} as const;
