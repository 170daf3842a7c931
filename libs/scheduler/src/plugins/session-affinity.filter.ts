import { ok } from '@tsukimi/result';
import { DEFAULT_SESSION_AFFINITY, withinTolerance } from '../affinity/session-affinity.map';
import { type InstanceSnapshot } from '../instance.model';
import { byLoad } from '../profile/by-load.order';
import { type FilterFactory } from '../profile/plugin.port';

/**
 * `session-affinity`: a session's turn goes back to the prefill instance that served its
 * previous turn (whose memory likely holds most of the prompt) while that instance's TTFT
 * estimate is within tolerance of the best candidate's and no worse against the target than
 * the best: affinity never turns an admissible request into a rejected one. Without estimates
 * the session stays wherever its instance can take work. The sessions live in the map given as
 * a dependency, which outlives any one scheduler; the filter is a no-op without it. Tolerances
 * default to the map's.
 */
export const sessionAffinityFilter: FilterFactory = {
  kind: 'filter',
  type: 'session-affinity',
  create: (parameters, deps) => {
    const sessions = deps.sessions;
    const defaults = sessions?.options ?? DEFAULT_SESSION_AFFINITY;
    const ratio = parameters.number('ttftToleranceRatio', defaults.ttftToleranceRatio, { min: 0 });
    if (!ratio.ok) return ratio;
    const ms = parameters.number('ttftToleranceMs', defaults.ttftToleranceMs, { min: 0 });
    if (!ms.ok) return ms;
    const done = parameters.done();
    if (!done.ok) return done;
    const tolerance = { ttftToleranceRatio: ratio.value, ttftToleranceMs: ms.value };
    return ok({
      type: 'session-affinity',
      filter: (ctx, candidates) => {
        const sessionId = ctx.request.sessionId;
        const previous = sessionId === undefined ? undefined : sessions?.instanceFor(sessionId);
        const keptAt = previous === undefined ? -1 : indexOfId(candidates, previous);
        if (keptAt < 0) return { candidates };
        const kept = candidates[keptAt]!;
        const ttftMs = ctx.ttftMsOf(candidates);
        if (ttftMs === undefined) return { candidates: [kept], chosenBy: 'session-affinity' };
        const bestAt = bestByTtft(candidates, ttftMs);
        // The best already: any picker that goes by TTFT takes it, and one that does not (round-robin, least-loaded) must not move the session.
        if (bestAt === keptAt) return { candidates: [kept] };
        const keptMs = ttftMs[keptAt]!;
        const bestMs = ttftMs[bestAt]!;
        const keep = withinTolerance(tolerance, keptMs, bestMs) && (keptMs <= ctx.ttftLimitMs || bestMs > ctx.ttftLimitMs);
        return keep ? { candidates: [kept], chosenBy: 'session-affinity' } : { candidates };
      },
    });
  },
};

/** Where the candidate with the lowest TTFT estimate is, the least loaded among equals: Algorithm 1's own pick. */
function bestByTtft(candidates: readonly InstanceSnapshot[], ttftMs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    if (ttftMs[i]! < ttftMs[best]! || (ttftMs[i] === ttftMs[best] && byLoad(candidates[i]!, candidates[best]!) < 0)) best = i;
  }
  return best;
}

/** Where the instance `id` is among `candidates`, or -1: a loop, not `findIndex`, which would make a closure each decision. */
function indexOfId(candidates: readonly InstanceSnapshot[], id: string): number {
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.id === id) return i;
  return -1;
}
