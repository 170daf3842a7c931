import { type TokenReuse } from '@tsukimi/serving';
import { type CacheTrustOptions, type TrustTransition } from './cache-trust.options';
import { CacheTrustTracker } from './cache-trust.tracker';
import { type CauseEvidence, keyedAlike, probableCause } from './probable-cause';
import { totalTokens } from './reuse.prediction';

/** One request's prediction against what its prefill instance reused, as the audit reports it. */
export interface ReuseAuditRecord {
  readonly instance: string;
  readonly predicted: TokenReuse;
  readonly reused: TokenReuse;
  /** Whether the instance's cache is trusted after this request was judged. */
  readonly trusted: boolean;
}

/** Where the audit's findings go: metrics and the log, at the edge. */
export interface ReuseAuditEvents {
  /** Every audited request, a prediction of nothing included. */
  audited(record: ReuseAuditRecord): void;
  /** A move of an instance's cache between trusted and untrusted, told once per move with its evidence and probable cause. */
  trustMoved(transition: TrustTransition): void;
}

export interface ReuseAuditOptions {
  readonly trust: CacheTrustOptions;
  /** Whether scoring stops counting untrusted instances' caches; false: they are only reported. */
  readonly ignoreUntrusted: boolean;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Routing that audits itself: each request's predicted cached tokens against those its prefill
 * instance reused, judged per instance by a `CacheTrustTracker`, whose untrusted instances the
 * pipeline's snapshots then show with empty caches (`withIgnoredCaches`).
 */
export class ReuseAudit {
  private readonly tracker: CacheTrustTracker;

  constructor(
    private readonly options: ReuseAuditOptions,
    monotonicMs: () => number,
    private readonly events?: ReuseAuditEvents,
  ) {
    this.tracker = new CacheTrustTracker(options.trust, monotonicMs);
  }

  /** The instances whose caches scoring should read as empty now. */
  ignoredCaches(): ReadonlySet<string> {
    return this.options.ignoreUntrusted ? this.tracker.ignoredCaches() : NONE;
  }

  isTrusted(instance: string): boolean {
    return this.tracker.isTrusted(instance);
  }

  /** Judges one request; `evidence` is read once, for the keys and a probable cause. Returns whether the instance stays (or became) trusted. */
  record(instance: string, predicted: TokenReuse, reused: TokenReuse, evidence: () => CauseEvidence): boolean {
    const seen = evidence();
    const transition = this.tracker.observe({ instance, predictedTokens: totalTokens(predicted), reusedTokens: totalTokens(reused), keysDiffer: !keyedAlike(seen), cause: probableCause(seen) });
    if (transition) this.events?.trustMoved(transition);
    const trusted = this.tracker.isTrusted(instance);
    this.events?.audited({ instance, predicted, reused, trusted });
    return trusted;
  }

  /** Drops what is known of an instance gone from the cluster. */
  forget(instance: string): void {
    this.tracker.forget(instance);
  }
}
