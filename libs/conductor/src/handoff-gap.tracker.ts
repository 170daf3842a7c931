import { type InstanceId } from '@tsukimi/scheduler';

/**
 * The gap a client sees between a request's first token and its second, per decode instance:
 * from the moment the prefill's first token goes out to the first token the decode instance
 * streams. It holds the wait for the prompt's blocks to reach the pool, their load, the wait to
 * join the batch and that step, none of which the decode step-time model sees, so admission judges it as
 * observed. Only the latest gap counts, and only while the instance has streams running: once it
 * has none, whatever slowed it has drained, and an old gap would refuse requests forever.
 */
export class HandoffGapTracker {
  private readonly handedAtMs = new Map<string, number>();
  private readonly latestMs = new Map<InstanceId, number>();

  constructor(private readonly monotonicMs: () => number) {}

  firstTokenSent(requestId: string): void {
    this.handedAtMs.set(requestId, this.monotonicMs());
  }

  /** A token arrived from `instance`; the first after the prefill's closes the gap. A request that ran whole on decode has none. */
  token(instance: InstanceId, requestId: string): void {
    const handedAt = this.handedAtMs.get(requestId);
    if (handedAt === undefined) return;
    this.handedAtMs.delete(requestId);
    this.latestMs.set(instance, this.monotonicMs() - handedAt);
  }

  ended(instance: InstanceId, requestId: string, streamsLeft: number): void {
    this.handedAtMs.delete(requestId);
    if (streamsLeft === 0) this.latestMs.delete(instance);
  }

  /** The latest gap on `instance`, while it has streams running. */
  latestGapMs(instance: InstanceId): number | undefined {
    return this.latestMs.get(instance);
  }
}
