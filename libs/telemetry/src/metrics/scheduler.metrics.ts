import { TTFT_BUCKETS_SECONDS } from '../metric-buckets';
import { counter, histogram } from '../metric.model';

/** One scheduling decision: 10 µs (a handful of instances) to 100 ms (thousands of them and a long prompt). */
const DECISION_BUCKETS_SECONDS: readonly number[] = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/** The conductor's scheduling decisions: what it admitted and how it chose. */
export const SCHEDULER_METRICS = {
  tsukimi_scheduler_admissions_total: counter('Choices the conductor admitted and served to the end.'),
  tsukimi_scheduler_decision_seconds: histogram('Time one scheduler decision took: prefix lookup, estimates, filters, scorers, pick and admission.', [], DECISION_BUCKETS_SECONDS),
  tsukimi_scheduler_decisions_total: counter(
    'Scheduler decisions, by the branch of Mooncake\'s Algorithm 1 the chosen prefill takes: holder (its own cached prefix), fetch (a longer prefix from elsewhere), recompute (none worth using); local (only a decode instance chosen, to run the whole request); or rejected.',
    ['branch'],
  ),
  tsukimi_scheduler_disaggregation_total: counter(
    'Requests by where their prompt was computed: branch disaggregated (a prefill instance, the KV handed to decode) or local (the decode instance ran the whole request), and why (reason never or always: the --disaggregation mode; no-prefill: auto with no routable prefill instance; by cost: decode-busy, short-uncached, prefill-busy, long-uncached).',
    ['branch', 'reason'],
  ),
  tsukimi_scheduler_inflight_waits_total: counter(
    'Requests that waited for a prefix another request\'s prefill was computing rather than compute it again, by how the wait ended (reason answered: that prefill answered and its blocks were reused; failed: it failed; timed-out: it outlasted the bound).',
    ['reason'],
  ),
  tsukimi_scheduler_warm_copies_total: counter(
    'Warm copies of hot prefixes the conductor decided and how they went, by reason: sent (a prefill instance asked to load a hot prefix into its memory), loaded (it then held the whole prefix), partial (the pool held only part of it), failed (the call failed), no-room (a hot prefix short of holders with no routable instance free to take it).',
    ['reason'],
  ),
  tsukimi_scheduler_estimated_ttft_seconds: histogram(
    'The TTFT the scheduler estimated for the prefill instance it chose, observed when that request\'s first token came; the conductor\'s TTFT buckets, to read beside tsukimi_conductor_ttft_seconds.',
    [],
    TTFT_BUCKETS_SECONDS,
  ),
} as const;
