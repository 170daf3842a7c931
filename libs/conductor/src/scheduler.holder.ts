import { type ClusterSnapshot, type LocalDecision, type ScheduleDecision, type ScheduleRequest, type Scheduler } from '@tsukimi/scheduler';

/** The scheduler in use, replaceable when its estimators are refitted; requests in flight keep their decisions. */
export class SchedulerHolder {
  constructor(private current: Scheduler) {}

  decide(request: ScheduleRequest, snapshot: ClusterSnapshot): ScheduleDecision {
    return this.current.decide(request, snapshot);
  }

  decideLocal(request: ScheduleRequest, snapshot: ClusterSnapshot): LocalDecision {
    return this.current.decideLocal(request, snapshot);
  }

  prefillMs(promptTokens: number, reusedTokens: number): number | undefined {
    return this.current.prefillMs(promptTokens, reusedTokens);
  }

  replace(next: Scheduler): void {
    this.current = next;
  }
}
