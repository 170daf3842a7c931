import { type ClusterSnapshot, type LocalDecision, type ScheduleDecision, type ScheduleRequest, type Scheduler } from '@tsukimi/scheduler';
import { type SpanAttributes, type Tracer } from '@tsukimi/tracing';
import { CONDUCTOR_SPANS, TSUKIMI_ATTRIBUTES as A } from './span-names';

type SchedulerLike = Pick<Scheduler, 'decide' | 'decideLocal'> & Partial<Pick<Scheduler, 'prefillMs'>>;

/** A `schedule` span around every decision the pipeline asks for, with what was decided and why. */
export function tracedScheduler(inner: SchedulerLike, tracer: Tracer): SchedulerLike {
  const scheduled = <D extends ScheduleDecision | LocalDecision>(request: ScheduleRequest, decide: () => D): D => {
    const span = tracer.open(CONDUCTOR_SPANS.schedule, { attributes: requestAttributes(request) });
    const decision = decide();
    span.set(decisionAttributes(decision));
    span.end();
    return decision;
  };
  const traced: SchedulerLike = {
    decide: (request: ScheduleRequest, snapshot: ClusterSnapshot) => scheduled(request, () => inner.decide(request, snapshot)),
    decideLocal: (request: ScheduleRequest, snapshot: ClusterSnapshot) => scheduled(request, () => inner.decideLocal(request, snapshot)),
  };
  const prefillMs = inner.prefillMs;
  return prefillMs === undefined ? traced : { ...traced, prefillMs: (promptTokens, reusedTokens) => prefillMs.call(inner, promptTokens, reusedTokens) };
}

function requestAttributes(request: ScheduleRequest): SpanAttributes {
  return { [A.promptTokens]: request.promptTokens, [A.blocks]: request.blockKeys.length };
}

/** What a decision says, as span attributes: the instances chosen, or why the request was turned away. */
export function decisionAttributes(decision: ScheduleDecision | LocalDecision): SpanAttributes {
  switch (decision.kind) {
    case 'route':
      return {
        [A.decision]: 'route',
        [A.policy]: decision.policy,
        [A.prefillInstance]: decision.prefill,
        [A.decodeInstance]: decision.decode,
        [A.cachedBlocks]: decision.cachedBlocks,
        [A.estimatedTtftMs]: decision.estimate?.ttftMs,
      };
    case 'local':
      return { [A.decision]: 'local', [A.policy]: decision.policy, [A.decodeInstance]: decision.decode, [A.estimatedTtftMs]: decision.estimate?.ttftMs };
    case 'reject':
      return { [A.decision]: 'reject', [A.rejectReason]: decision.reason };
  }
}
