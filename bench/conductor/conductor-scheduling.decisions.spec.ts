import { type ScheduleDecision, type SchedulerSettings, type SessionAffinityOptions } from '@tsukimi/scheduler';
import { schedulingSetup } from './conductor-scheduling.setup';
import { type WorkloadShape } from './conductor.workload';

/** The benchmark's workload on a smaller cluster, so that the test takes seconds. */
const SHAPE: WorkloadShape = { prefillInstances: 16, decodeInstances: 16, poolNodes: 4, promptTokens: 8192, groups: 8, conversations: 64, tenants: 4 };
const DECISIONS = 400;

/** How the prompt's keys reach the scheduler: words with text on demand, words and text, text alone. */
type KeyForm = 'sequence' | 'strings' | 'text-only';

/** Everything a decision says, numbers to a microsecond: two runs that print the same took the same decision. */
function summary(decision: ScheduleDecision): string {
  if (decision.kind === 'reject') return `reject ${decision.reason} ${decision.retryAfterMs} ${decision.message}`;
  const e = decision.estimate;
  const source = decision.migrate === undefined ? '-' : `${JSON.stringify(decision.migrate.from)} ${decision.migrate.keys.length} ${decision.migrate.keys[0]}`;
  const estimate = e === undefined ? '-' : `${e.branch} ${e.ttftMs.toFixed(3)} ${e.queueMs.toFixed(3)} ${e.transferMs.toFixed(3)} ${e.ownBlocks} ${e.reusedBlocks}`;
  return `route ${decision.prefill} ${decision.decode} ${decision.cachedBlocks} ${decision.chosenBy} ${decision.decodeTbtMs?.toFixed(3)} ${estimate} ${source}`;
}

/**
 * FNV-1a over every decision in order, and how many took each branch or were rejected for each
 * reason. Queues and batches are drawn afresh every 20 decisions, so that a session's previous
 * instance is sometimes no longer the best and each snapshot is seen by several decisions.
 */
function run(seed: number, settings: Partial<SchedulerSettings>, affinity: Partial<SessionAffinityOptions>, keyForm: KeyForm) {
  const setup = schedulingSetup(SHAPE, seed, settings, affinity);
  const { workload, scheduler, clock } = setup;
  let snapshot = setup.snapshot;
  let digest = 0x811c9dc5;
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < DECISIONS; i++) {
    clock.nowMs += 1;
    if (i % 20 === 19) snapshot = { ...snapshot, prefill: workload.prefillSnapshots(), decode: workload.decodeSnapshots() };
    const decision = scheduler.decide(workload.request(keyForm), snapshot);
    const line = summary(decision);
    for (let c = 0; c < line.length; c++) digest = Math.imul(digest ^ line.charCodeAt(c), 0x01000193);
    const outcome = decision.kind === 'route' ? `${decision.estimate?.branch} by ${decision.chosenBy}` : decision.reason;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { outcomes, digest: (digest >>> 0).toString(16) };
}

/** Recorded from the straightforward implementation (commit e6d5709) on 2026-12-06. */
const RECORDED_BENCH = {
  digest: '897f9897',
  outcomes: { 'fetch by policy': 79, 'fetch by session-affinity': 5, 'holder by policy': 176, 'holder by session-affinity': 14, 'recompute by policy': 116, 'recompute by session-affinity': 10 },
};
/**
 * Recorded again when admission began to model a step's chunk of a prompt run whole on a decode
 * instance (its gap, not only its TTFT): refusals moved from prefill-overloaded to decode-overloaded,
 * and the counts of every other outcome stayed as they were.
 */
const RECORDED_TIGHT = {
  digest: 'b490ecaf',
  outcomes: {
    'decode-overloaded': 58,
    'fetch by policy': 87,
    'fetch by session-affinity': 14,
    'holder by policy': 117,
    'holder by session-affinity': 12,
    'prefill-overloaded': 19,
    'recompute by policy': 83,
    'recompute by session-affinity': 10,
  },
};

/**
 * Fast paths must not change a choice: the benchmark's seeded workload, run through the
 * scheduler, takes exactly the decisions recorded from the straightforward implementation
 * (keys hashed block by block into strings, a `Map` per estimate, arrays per filter).
 */
describe('scheduling decisions on the benchmark workload', () => {
  const cases = [
    ['the benchmark settings', 1, {}, {}, RECORDED_BENCH],
    ['tight targets and lenient affinity, so that admission rejects and sessions stay', 2, { slo: { ttftMs: 800, tbtMs: 40 } }, { ttftToleranceRatio: 1, ttftToleranceMs: 200 }, RECORDED_TIGHT],
  ] as const;
  it.each(cases)('%s', (_name, seed, settings, affinity, recorded) => {
    expect(run(seed, settings, affinity, 'sequence')).toEqual(recorded);
  });

  // Keys spelled up front read the words as the sequence does; keys as text alone take the parsing path.
  it.each<KeyForm>(['strings', 'text-only'])('the benchmark settings with keys as %s', (form) => {
    expect(run(1, {}, {}, form)).toEqual(RECORDED_BENCH);
  });
});
