import { type MonotonicClock } from '../clock.port';
import { type InstanceId } from '../instance.model';

export interface SessionAffinityOptions {
  /** Sessions remembered; the least recently used is forgotten first. */
  readonly capacity: number;
  /** A session unused this long is forgotten: its KV has likely been evicted by then. */
  readonly ttlMs: number;
  /** Keep the session's instance when its TTFT estimate is within this fraction of the best… */
  readonly ttftToleranceRatio: number;
  /** …or within this many milliseconds of it, whichever is more lenient. */
  readonly ttftToleranceMs: number;
}

export const DEFAULT_SESSION_AFFINITY: SessionAffinityOptions = { capacity: 100_000, ttlMs: 10 * 60_000, ttftToleranceRatio: 0.2, ttftToleranceMs: 50 };

/**
 * Which prefill instance served each session's previous turn; read by the `session-affinity`
 * filter, and kept for the conductor's lifetime, across every scheduler its refits build. The next turn's prompt extends
 * the previous one, so that instance likely holds most of it in memory, and keeping a session
 * in one place also keeps its blocks from being copied around. An LRU map with a TTL.
 */
export class SessionAffinity {
  private readonly sessions = new Map<string, { readonly instance: InstanceId; readonly expiresAtMs: number }>();

  constructor(
    private readonly clock: MonotonicClock,
    readonly options: SessionAffinityOptions = DEFAULT_SESSION_AFFINITY,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  instanceFor(sessionId: string): InstanceId | undefined {
    const entry = this.sessions.get(sessionId);
    if (entry === undefined) return undefined;
    this.sessions.delete(sessionId);
    if (entry.expiresAtMs <= this.clock.monotonicMs()) return undefined;
    this.sessions.set(sessionId, entry);
    return entry.instance;
  }

  record(sessionId: string, instance: InstanceId): void {
    const nowMs = this.clock.monotonicMs();
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, { instance, expiresAtMs: nowMs + this.options.ttlMs });
    // Oldest first: over capacity, or expired (entries go in roughly in expiry order, so this sweeps most of them).
    for (const [oldest, entry] of this.sessions) {
      if (this.sessions.size <= this.options.capacity && entry.expiresAtMs > nowMs) break;
      this.sessions.delete(oldest);
    }
  }

  /** Whether `candidateMs` is close enough to `bestMs` to keep the session where it was, by this map's tolerance. */
  withinTolerance(candidateMs: number, bestMs: number): boolean {
    return withinTolerance(this.options, candidateMs, bestMs);
  }
}

/** Whether `candidateMs` is close enough to `bestMs` to keep a session where it was. */
export function withinTolerance(tolerance: Pick<SessionAffinityOptions, 'ttftToleranceRatio' | 'ttftToleranceMs'>, candidateMs: number, bestMs: number): boolean {
  return candidateMs <= Math.max(bestMs * (1 + tolerance.ttftToleranceRatio), bestMs + tolerance.ttftToleranceMs);
}
