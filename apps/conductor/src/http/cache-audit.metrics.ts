import { CAUSE_HINTS, type InstanceRegistry, type ReuseAudit, type ReuseAuditEvents, type TrustTransition, shortfallTokens, totalTokens } from '@tsukimi/conductor';
import { type Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

const TIERS = ['device', 'dram', 'ssd'] as const;

/**
 * The reuse audit's findings as metrics (predicted and short tokens per instance and tier, the
 * shortfall per request, trust moves) and, once per move, a log line saying why. `logger` is read
 * at each move: the pipeline is built before the logger is known.
 */
export function cacheAuditEvents(m: Metrics, logger: () => Logger | undefined): ReuseAuditEvents {
  const predicted = m.get('tsukimi_conductor_predicted_cached_tokens_total');
  const short = m.get('tsukimi_conductor_reuse_shortfall_tokens_total');
  const shortfall = m.get('tsukimi_conductor_reuse_shortfall_tokens');
  const moves = m.get('tsukimi_conductor_cache_trust_transitions_total');
  return {
    audited: (record) => {
      const { instance } = record;
      if (totalTokens(record.predicted) === 0) return;
      const by = shortfallTokens(record.predicted, record.reused);
      for (const tier of TIERS) {
        predicted.inc({ instance, tier }, record.predicted[tier]);
        short.inc({ instance, tier }, by[tier]);
      }
      shortfall.observe({ instance }, Math.max(0, totalTokens(record.predicted) - totalTokens(record.reused)));
    },
    trustMoved: (t) => {
      moves.inc({ instance: t.instance, outcome: t.trusted ? 'trusted' : 'untrusted', reason: t.reason });
      const log = logger();
      if (t.trusted) log?.info('prefill instance cache trusted again: its reuse matches predictions', fields(t));
      else if (t.reason !== 'predictions-match') log?.warn('prefill instance cache untrusted: its reuse fell short of predictions, scoring counts its cache as empty', { ...fields(t), cause: t.reason, hint: CAUSE_HINTS[t.reason] });
    },
  };
}

function fields(t: TrustTransition): Record<string, string | number> {
  return { instance: t.instance, requests: t.requests, shortfalls: t.shortfalls, predictedTokens: t.predictedTokens, reusedTokens: t.reusedTokens };
}

/** Each prefill instance's cache trust as `tsukimi_conductor_instance_cache_trusted`, sampled at each scrape: instances gone leave no series behind. */
export function sampleCacheTrust(m: Metrics, registry: Pick<InstanceRegistry, 'states'>, audit: Pick<ReuseAudit, 'isTrusted'>): void {
  const trusted = m.get('tsukimi_conductor_instance_cache_trusted');
  m.sampleOnScrape(() => {
    trusted.reset();
    for (const s of registry.states()) if (s.role === 'prefill') trusted.set({ instance: s.id }, audit.isTrusted(s.id) ? 1 : 0);
  });
}
