import { type CacheTrustOptions, type ProbableCause, type TrustTransition } from './cache-trust.options';

const NONE: ReadonlySet<string> = new Set();

/** One request's predicted and actual reuse on the instance that prefilled it. */
export interface ReuseObservation {
  readonly instance: string;
  /** Cached tokens the conductor predicted the instance would reuse, every tier together. */
  readonly predictedTokens: number;
  readonly reusedTokens: number;
  /**
   * The instance keyed the prompt's blocks otherwise than the conductor: it can never reuse what
   * the index holds for it, nor others what it stores, whatever it reused of its own. Such a request
   * is a shortfall even with nothing predicted.
   */
  readonly keysDiffer: boolean;
  /** What the conductor saw that would explain a shortfall; the commonest among a window's shortfalls is the reason it gives. */
  readonly cause: ProbableCause;
}

interface Judged {
  readonly predictedTokens: number;
  readonly reusedTokens: number;
  readonly shortfall: boolean;
  readonly cause: ProbableCause;
}

interface InstanceTrust {
  trusted: boolean;
  /** The last `windowRequests` judged requests while trusted; the current run of matches while untrusted. */
  judged: Judged[];
  /** When a request last tested the instance's cache (had reuse predicted). */
  testedAtMs: number;
}

/**
 * Per instance, whether the scheduler may count its cache: pure state over the requests it is
 * told of, with time from the injected clock (see `CacheTrustOptions`). Requests with nothing
 * predicted and the prompt keyed alike test no cache and are ignored. An instance it has never been told of is trusted.
 */
export class CacheTrustTracker {
  private readonly instances = new Map<string, InstanceTrust>();
  /** How many instances are untrusted: while none is, asking which caches to ignore costs nothing per decision. */
  private untrustedCount = 0;

  constructor(
    private readonly options: CacheTrustOptions,
    private readonly monotonicMs: () => number,
  ) {}

  /** Judges one request; returns the transition it caused, if any. */
  observe(o: ReuseObservation): TrustTransition | undefined {
    if (!(o.predictedTokens > 0) && !o.keysDiffer) return undefined;
    const state = this.stateOf(o.instance);
    state.testedAtMs = this.monotonicMs();
    const shortfall = o.keysDiffer || o.reusedTokens < this.options.minReuseRatio * o.predictedTokens;
    const judged: Judged = { predictedTokens: o.predictedTokens, reusedTokens: o.reusedTokens, shortfall, cause: o.cause };
    if (state.trusted) {
      state.judged.push(judged);
      if (state.judged.length > this.options.windowRequests) state.judged.shift();
      const shortfalls = state.judged.filter((j) => j.shortfall).length;
      if (!shortfall || shortfalls < this.options.shortfallRequests) return undefined;
      return this.move(o.instance, state, false, commonestCause(state.judged));
    }
    if (shortfall) {
      state.judged = [];
      return undefined;
    }
    state.judged.push(judged);
    return state.judged.length >= this.options.retrustRequests ? this.move(o.instance, state, true, 'predictions-match') : undefined;
  }

  isTrusted(instance: string): boolean {
    return this.instances.get(instance)?.trusted ?? true;
  }

  /**
   * Instances whose cache scoring should treat as empty now: the untrusted ones, except those
   * no request has tested for `probeIntervalMs`, which get a chance to be tested.
   */
  ignoredCaches(): ReadonlySet<string> {
    if (this.untrustedCount === 0) return NONE;
    const ignored = new Set<string>();
    const nowMs = this.monotonicMs();
    for (const [id, state] of this.instances) if (!state.trusted && nowMs - state.testedAtMs < this.options.probeIntervalMs) ignored.add(id);
    return ignored;
  }

  /** Untrusted instances, for reporting. */
  untrusted(): readonly string[] {
    return [...this.instances].filter(([, s]) => !s.trusted).map(([id]) => id);
  }

  /** Drops what is known of an instance gone from the cluster. */
  forget(instance: string): void {
    if (this.instances.get(instance)?.trusted === false) this.untrustedCount--;
    this.instances.delete(instance);
  }

  private stateOf(instance: string): InstanceTrust {
    let state = this.instances.get(instance);
    if (!state) {
      state = { trusted: true, judged: [], testedAtMs: this.monotonicMs() };
      this.instances.set(instance, state);
    }
    return state;
  }

  private move(instance: string, state: InstanceTrust, trusted: boolean, reason: TrustTransition['reason']): TrustTransition {
    const judged = state.judged;
    state.trusted = trusted;
    this.untrustedCount += trusted ? -1 : 1;
    state.judged = [];
    return {
      instance,
      trusted,
      reason,
      requests: judged.length,
      shortfalls: judged.filter((j) => j.shortfall).length,
      predictedTokens: judged.reduce((sum, j) => sum + j.predictedTokens, 0),
      reusedTokens: judged.reduce((sum, j) => sum + j.reusedTokens, 0),
    };
  }
}

/** The cause most of the shortfalls share; the latest of those tied. */
function commonestCause(judged: readonly Judged[]): ProbableCause {
  const counts = new Map<ProbableCause, number>();
  let best: ProbableCause = 'lost-cache';
  let bestCount = 0;
  for (const j of judged) {
    if (!j.shortfall) continue;
    const count = (counts.get(j.cause) ?? 0) + 1;
    counts.set(j.cause, count);
    if (count >= bestCount) [best, bestCount] = [j.cause, count];
  }
  return best;
}
