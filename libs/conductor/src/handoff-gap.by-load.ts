import { nearestRank } from '@tsukimi/scheduler';

/** How many of the latest first gaps are kept: more than a window's worth at a few hundred requests a second is not needed to read a quantile. */
const CAPACITY = 256;
/**
 * Gaps older than this are forgotten. A load level that admission refuses is never seen again,
 * so what was learnt of it must expire: otherwise one bad moment would refuse that load for good.
 */
export const GAP_WINDOW_MS = 30_000;
/** Fewer gaps than this at or under a load say too little about its tail; the caller falls back to what it saw last. */
export const MIN_GAPS = 20;
/**
 * The share of first gaps that must stay under the target at a load for admission to take it.
 * Above the share of admitted requests the SLO asks for (95%), since the gap the conductor times
 * is a little shorter than the client's and the other gaps and the TTFT miss now and then too.
 */
export const GAP_QUANTILE = 0.97;

/**
 * The first gaps (a request's first token to its second, where its KV moves from prefill to
 * decode) seen lately, each with the load its request was admitted at: the requests in flight
 * then, itself included (the caller's level). On hosts that the instances share, the handoff
 * waits for CPU behind every prompt and batch in flight, so its length follows the load far more
 * than any one instance's queue; where hosts are apart it follows the load less, and what is
 * learnt says so. The load at admission, not at the handoff itself, is what a decision can see,
 * and the gap it is paired with includes what the requests admitted after it brought.
 *
 * `gapMsAt(level)` answers from the gaps seen at loads up to `level`: the quantile over them is
 * the first gap that admitting requests up to that load has given, which is what the share of
 * admitted requests within the SLO is made of. A load never seen yet is judged by the loads
 * under it, so admission tries it as soon as those run well, and learns where the tail turns.
 */
export class HandoffGapByLoad {
  private readonly levels = new Int32Array(CAPACITY);
  private readonly gapsMs = new Float64Array(CAPACITY);
  private readonly atMs = new Float64Array(CAPACITY);
  private size = 0;
  private next = 0;
  private readonly scratch = new Float64Array(CAPACITY);
  /** Answers per level since the last change; the window moves with time too, so each answer is dated. */
  private readonly answers = new Map<number, { readonly gapMs: number | undefined; readonly atMs: number }>();

  constructor(private readonly monotonicMs: () => number) {}

  record(level: number, gapMs: number): void {
    const at = this.next;
    this.levels[at] = level;
    this.gapsMs[at] = gapMs;
    this.atMs[at] = this.monotonicMs();
    this.next = (at + 1) % CAPACITY;
    this.size = Math.min(this.size + 1, CAPACITY);
    this.answers.clear();
  }

  /** The `GAP_QUANTILE` of the first gaps seen in the window at loads up to `level`; undefined with fewer than `MIN_GAPS` of them. */
  gapMsAt(level: number): number | undefined {
    const nowMs = this.monotonicMs();
    const cached = this.answers.get(level);
    // Within a tenth of a second the window has lost a gap or two at most: not worth a re-read.
    if (cached !== undefined && nowMs - cached.atMs < 100) return cached.gapMs;
    const gapMs = this.read(level, nowMs);
    this.answers.set(level, { gapMs, atMs: nowMs });
    return gapMs;
  }

  private read(level: number, nowMs: number): number | undefined {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.levels[i]! <= level && nowMs - this.atMs[i]! <= GAP_WINDOW_MS) this.scratch[n++] = this.gapsMs[i]!;
    }
    if (n < MIN_GAPS) return undefined;
    return nearestRank(this.scratch.subarray(0, n).sort(), GAP_QUANTILE);
  }
}
