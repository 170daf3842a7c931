import { type InstanceId } from '@tsukimi/scheduler';
import { HandoffGapByLoad } from './handoff-gap.by-load';

/** Closed gaps remembered per instance: enough to ride out one short one among long ones. */
const RECENT_GAPS = 4;
/** Admission levels kept for requests not yet at their first token; past this the oldest go (requests that failed before it). */
const ADMISSIONS_KEPT = 4096;

/**
 * The gap a client sees between a request's first token and its second, per decode instance:
 * from the moment the prefill's first token goes out to the first token the decode instance
 * streams. It holds the wait for the prompt's blocks to reach the pool, their load, the wait to
 * join the batch and that step, none of which the decode step-time model sees, so admission
 * judges it as observed.
 *
 * What a request admitted now should expect is read from the gaps seen lately under the load it
 * would make (`HandoffGapByLoad`); until enough have been seen, from the longest of the instance's
 * last few gaps closed. Closed gaps count that way only while the instance has streams running:
 * once it has none, whatever slowed it has drained, and an old gap would refuse requests forever.
 * Either way a gap still open counts for as long as it has lasted, which shows a handoff slowing
 * down before any request has finished one.
 */
export class HandoffGapTracker {
  private readonly open = new Map<string, { readonly instance: InstanceId; readonly sentAtMs: number; readonly level: number; joined: boolean }>();
  /** Open handoffs whose decode stream has not begun: requests in flight that no instance counts yet. */
  private waiting = 0;
  private readonly closedMs = new Map<InstanceId, number[]>();
  private readonly byLoad: HandoffGapByLoad;
  /** The load each request was admitted at, until its first token: what its gap is learnt under. */
  private readonly admissionLevels = new Map<string, number>();

  constructor(private readonly monotonicMs: () => number) {
    this.byLoad = new HandoffGapByLoad(monotonicMs);
  }

  /**
   * The request was admitted (its prefill sent) with `level` requests in flight, itself included.
   * Its gap is learnt under that level rather than the one at its first token: admission reads
   * what was learnt with the level it sees when it decides, and the requests admitted after this
   * one, before its handoff, are part of what that decision brings.
   */
  admitted(requestId: string, level: number): void {
    if (this.admissionLevels.size >= ADMISSIONS_KEPT && !this.admissionLevels.has(requestId)) {
      const oldest = this.admissionLevels.keys().next();
      if (!oldest.done) this.admissionLevels.delete(oldest.value);
    }
    this.admissionLevels.set(requestId, level);
  }

  /**
   * The request's first token went out; its second is to come from `instance`. `level` is the
   * requests in flight at that moment, this one included: what its gap is learnt under when its
   * admission was not told.
   */
  firstTokenSent(instance: InstanceId, requestId: string, level: number): void {
    this.forget(requestId);
    const admittedAt = this.admissionLevels.get(requestId);
    this.admissionLevels.delete(requestId);
    this.open.set(requestId, { instance, sentAtMs: this.monotonicMs(), level: admittedAt ?? level, joined: false });
    this.waiting++;
  }

  /** The request's decode stream began: its instance counts it from now on. */
  joined(requestId: string): void {
    const handoff = this.open.get(requestId);
    if (handoff === undefined || handoff.joined) return;
    handoff.joined = true;
    this.waiting--;
  }

  /** Requests between their first token and their decode stream's start. */
  handoffsWaiting(): number {
    return this.waiting;
  }

  /** A token arrived from `instance`; the first after the prefill's closes the gap. A request that ran whole on decode has none. */
  token(instance: InstanceId, requestId: string): void {
    const handoff = this.open.get(requestId);
    if (handoff === undefined) return;
    this.forget(requestId);
    const gapMs = this.monotonicMs() - handoff.sentAtMs;
    const gaps = this.closedMs.get(instance) ?? [];
    gaps.push(gapMs);
    if (gaps.length > RECENT_GAPS) gaps.shift();
    this.closedMs.set(instance, gaps);
    this.byLoad.record(handoff.level, gapMs);
  }

  ended(instance: InstanceId, requestId: string, streamsLeft: number): void {
    this.forget(requestId);
    this.admissionLevels.delete(requestId);
    if (streamsLeft === 0) this.closedMs.delete(instance);
  }

  private forget(requestId: string): void {
    const handoff = this.open.get(requestId);
    if (handoff === undefined) return;
    if (!handoff.joined) this.waiting--;
    this.open.delete(requestId);
  }

  /**
   * The gap a request sent to `instance` now should expect, at `level` requests in flight with it;
   * undefined when nothing has been seen. At a level of one nothing else runs: what was learnt
   * under load does not apply, and refusing the request would make no one sooner.
   */
  gapMs(instance: InstanceId, level: number): number | undefined {
    const learnt = level > 1 ? this.byLoad.gapMsAt(level) : undefined;
    let longest = learnt;
    if (longest === undefined) {
      const closed = this.closedMs.get(instance);
      longest = closed === undefined ? undefined : Math.max(...closed);
    }
    const nowMs = this.monotonicMs();
    for (const handoff of this.open.values()) {
      if (handoff.instance === instance) longest = Math.max(longest ?? 0, nowMs - handoff.sentAtMs);
    }
    return longest;
  }
}
