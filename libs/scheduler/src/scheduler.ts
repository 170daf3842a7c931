import { type InstanceSnapshot } from './instance.model';
import { type ClusterSnapshot, type InstancePicker, type ScheduleDecision, type ScheduleRequest } from './schedule.model';

export interface SchedulerOptions {
  readonly prefill: InstancePicker;
  readonly decode: InstancePicker;
  /** An instance with this many requests in flight takes no more; when all are full the request is rejected. */
  readonly maxInFlightPerInstance: number;
  /** Suggested wait before a rejected client retries. */
  readonly retryAfterMs: number;
}

/**
 * Chooses the prefill and decode instances for a request, or rejects it up front when no
 * instance can take it. Pure: the same request and snapshot give the same decision.
 */
export class Scheduler {
  constructor(private readonly options: SchedulerOptions) {}

  decide(request: ScheduleRequest, snapshot: ClusterSnapshot): ScheduleDecision {
    const prefillCandidates = this.candidates(snapshot.prefill);
    const decodeCandidates = this.candidates(snapshot.decode);
    if (snapshot.prefill.every((i) => !i.routable)) return this.reject('no-prefill-instance', 'no prefill instance is available');
    if (snapshot.decode.every((i) => !i.routable)) return this.reject('no-decode-instance', 'no decode instance is available');
    if (prefillCandidates.length === 0 || decodeCandidates.length === 0) return this.reject('overloaded', 'every instance is at its in-flight limit');
    const prefill = this.options.prefill.pick(request, prefillCandidates, snapshot);
    const decode = this.options.decode.pick(request, decodeCandidates, snapshot);
    if (prefill === undefined || decode === undefined) return this.reject('overloaded', 'no instance accepted the request');
    return { kind: 'route', prefill, decode, cachedBlocks: snapshot.cachedPrefixBlocks(prefill, request.blockKeys), policy: this.options.prefill.name };
  }

  private candidates(instances: readonly InstanceSnapshot[]): InstanceSnapshot[] {
    return instances.filter((i) => i.routable && i.inFlightRequests < this.options.maxInFlightPerInstance);
  }

  private reject(reason: 'no-prefill-instance' | 'no-decode-instance' | 'overloaded', message: string): ScheduleDecision {
    return { kind: 'reject', reason, retryAfterMs: this.options.retryAfterMs, message };
  }
}
