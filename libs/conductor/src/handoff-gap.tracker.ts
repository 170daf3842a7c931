import { type InstanceId } from '@tsukimi/scheduler';

/** Closed gaps remembered per instance: enough to ride out one short one among long ones. */
const RECENT_GAPS = 4;

/**
 * The gap a client sees between a request's first token and its second, per decode instance:
 * from the moment the prefill's first token goes out to the first token the decode instance
 * streams. It holds the wait for the prompt's blocks to reach the pool, their load, the wait to
 * join the batch and that step, none of which the decode step-time model sees, so admission
 * judges it as observed: the longest of the last few gaps closed, or of those still open, which
 * shows a handoff slowing down before any request has finished one. Closed gaps count only while
 * the instance has streams running: once it has none, whatever slowed it has drained, and an old
 * gap would refuse requests forever.
 */
export class HandoffGapTracker {
  private readonly open = new Map<string, { readonly instance: InstanceId; readonly sentAtMs: number }>();
  private readonly closedMs = new Map<InstanceId, number[]>();

  constructor(private readonly monotonicMs: () => number) {}

  /** The request's first token went out; its second is to come from `instance`. */
  firstTokenSent(instance: InstanceId, requestId: string): void {
    this.open.set(requestId, { instance, sentAtMs: this.monotonicMs() });
  }

  /** A token arrived from `instance`; the first after the prefill's closes the gap. A request that ran whole on decode has none. */
  token(instance: InstanceId, requestId: string): void {
    const handoff = this.open.get(requestId);
    if (handoff === undefined) return;
    this.open.delete(requestId);
    const gaps = this.closedMs.get(instance) ?? [];
    gaps.push(this.monotonicMs() - handoff.sentAtMs);
    if (gaps.length > RECENT_GAPS) gaps.shift();
    this.closedMs.set(instance, gaps);
  }

  ended(instance: InstanceId, requestId: string, streamsLeft: number): void {
    this.open.delete(requestId);
    if (streamsLeft === 0) this.closedMs.delete(instance);
  }

  /** The longest recent gap on `instance`, closed while it has streams running or still open; undefined when there is none. */
  gapMs(instance: InstanceId): number | undefined {
    const closed = this.closedMs.get(instance);
    let longest = closed === undefined ? undefined : Math.max(...closed);
    const nowMs = this.monotonicMs();
    for (const handoff of this.open.values()) {
      if (handoff.instance === instance) longest = Math.max(longest ?? 0, nowMs - handoff.sentAtMs);
    }
    return longest;
  }
}
