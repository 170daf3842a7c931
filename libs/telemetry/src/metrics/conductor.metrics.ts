import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '../metric-buckets';
import { counter, gauge, histogram } from '../metric.model';

/**
 * What users see, measured where they meet the platform: the conductor. `model` is the served
 * model name a request named; requests refused before a served model was known (a malformed
 * body, an unknown model, no instance described yet) count under `model=""`, which PromQL reads
 * as no model label, so no name a client sends ever becomes a series.
 */
export const CONDUCTOR_METRICS = {
  tsukimi_conductor_ttft_seconds: histogram('Time from request arrival to its first generated token sent.', ['model'], TTFT_BUCKETS_SECONDS),
  tsukimi_conductor_queue_wait_seconds: histogram(
    'Time from request arrival at the conductor until its first prefill call goes out to an instance: parsing, tokenizing, block hashing and scheduling; not the prefill instance\'s own queue.',
    ['model'],
    TTFT_BUCKETS_SECONDS,
  ),
  tsukimi_conductor_inter_token_latency_seconds: histogram('Time between consecutive generated tokens of one choice, as the conductor sent them.', ['model'], TBT_BUCKETS_SECONDS),
  tsukimi_conductor_e2e_latency_seconds: histogram('Time from request arrival to its last token.', ['model'], E2E_BUCKETS_SECONDS),
  tsukimi_conductor_time_per_output_token_seconds: histogram('Mean time per generated token after the first, per choice of a request.', ['model'], TBT_BUCKETS_SECONDS),
  tsukimi_conductor_requests_total: counter('Requests finished, by HTTP status code (499: the client went away first).', ['model', 'status_code']),
  tsukimi_conductor_goodput_requests_total: counter(
    'Requests that finished ok with their first token within the TTFT SLO and every inter-token gap within the TBT SLO, as the conductor sent them.',
    ['model'],
  ),
  tsukimi_conductor_prompt_tokens_total: counter('Prompt tokens received.', ['model']),
  tsukimi_conductor_generated_tokens_total: counter('Tokens generated.', ['model']),
  tsukimi_conductor_cached_tokens_total: counter('Prompt tokens served from the KV cache instead of computed, by tier.', ['model', 'tier']),
  tsukimi_conductor_cached_tokens_by_scope_total: counter(
    'Prompt tokens served from the KV cache (each prompt\'s first choice), by the salt their blocks were keyed under: source="group" for the whole blocks of a tenant group\'s declared shared prefix, "tenant" for the tenant\'s own.',
    ['model', 'source'],
  ),
  tsukimi_conductor_prompt_cache_leases_total: counter(
    'Prompt-cache leases asked for (cache_control on /v1/messages, tsukimi.prompt_cache on the OpenAI endpoints), by tenant and outcome: created, renewed (a hit on a live lease, which extends it), pool-unavailable (no kvpool master answered), not-stored (the pool held none of its blocks), ledger-unavailable (the shared lease book in Redis did not answer at admission, so no lease was taken); a lease over quota refuses its request at admission instead (_refusals_total).',
    ['tenant', 'outcome'],
  ),
  tsukimi_conductor_prompt_cache_refusals_total: counter('Requests refused before any work because their prompt-cache leases would pass the tenant\'s --prompt-cache-quota-byte-seconds.', ['tenant']),
  tsukimi_conductor_prompt_cache_expiries_total: counter('Prompt-cache leases that ran out unrenewed: their blocks are evictable again.', ['tenant']),
  tsukimi_conductor_prompt_cache_held_bytes: gauge('Bytes of pool blocks the tenant\'s live prompt-cache leases hold, as this conductor booked them.', ['tenant']),
  tsukimi_conductor_rejections_total: counter('Requests the scheduler turned away, by reason: 503 while a role has no routable instance, else 429.', ['model', 'reason']),
  tsukimi_conductor_rate_limited_total: counter(
    'Requests refused with 429 by a tenant limit, by reason (requests, tokens, concurrency); tenant is a tenant named in --tenant-limits-file, every other tenant counts under "".',
    ['tenant', 'reason'],
  ),
  tsukimi_conductor_rate_limit_unchecked_total: counter('Requests served without their tenant limits checked because the limit store (Redis) could not answer: the conductor fails open.'),
  tsukimi_conductor_phase_retries_total: counter(
    'Phases of a request tried again on another instance after one was lost (unavailable: unreachable or its connection reset; timeout: a decode instance silent before its first token under --decode-migration), by role (the phase: prefill or decode) and reason. Bounded per request by the instances of the role; an instance\'s own error is never retried.',
    ['role', 'reason'],
  ),
  tsukimi_conductor_decode_migrations_total: counter(
    'Decode instances a request lost after it had sent tokens, by outcome: migrated (resumed on another decode instance), disabled (--decode-migration=false), no-instance (none left to take it), not-migratable (the instance answered with an error).',
    ['outcome'],
  ),
  tsukimi_conductor_predicted_cached_tokens_total: counter(
    'Prompt tokens the conductor predicted each prefill instance would reuse from a cache, by tier (device: its own memory; dram, ssd: the pool), from its index when it routed the request; compare tsukimi_conductor_reuse_shortfall_tokens_total.',
    ['instance', 'tier'],
  ),
  tsukimi_conductor_reuse_shortfall_tokens_total: counter(
    'Predicted cached tokens a prefill instance did not reuse, by tier (a tier\'s surplus is not netted against another\'s shortfall).',
    ['instance', 'tier'],
  ),
  tsukimi_conductor_reuse_shortfall_tokens: histogram(
    'Per request with reuse predicted, the predicted cached tokens (every tier) less those its prefill instance reused, at least 0.',
    ['instance'],
    [0, 16, 64, 256, 1024, 4096, 16384, 65536],
  ),
  tsukimi_conductor_instance_cache_trusted: gauge(
    'Whether the conductor trusts a prefill instance\'s cache in scoring: 1 yes; 0 its reuse fell short of predictions (or it keyed prompts otherwise) on --cache-trust-shortfall-requests of the last --cache-trust-window-requests, and its cache counts as empty until --cache-trust-retrust-requests predictions in a row match.',
    ['instance'],
  ),
  tsukimi_conductor_cache_trust_transitions_total: counter(
    'Moves of prefill instances\' cache trust, by outcome (untrusted, trusted) and reason: the probable cause when untrusted (block-size, model-identity, adapter, salt, lost-cache), predictions-match when trusted again.',
    ['instance', 'outcome', 'reason'],
  ),
  tsukimi_conductor_instance_circuit_state: gauge(
    'Each instance\'s circuit, as routing reads it: 0 closed (routed to), 1 half-open (a trial let through, no requests until it succeeds), 2 open (no requests until the cool-down has passed and a trial succeeded).',
    ['instance', 'role'],
  ),
  tsukimi_conductor_circuit_transitions_total: counter(
    'Moves of instances\' circuits, by the state entered (outcome: open, half-open, closed) and why (reason error-rate or timeouts: opened; cool-down: half-open; trial-succeeded: closed; trial-failed: open again).',
    ['instance', 'role', 'outcome', 'reason'],
  ),
} as const;
