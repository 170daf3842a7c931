import OpenAI from 'openai';
import * as os from 'node:os';
import { ClusterStartError } from '../../apps/cli/src/cluster/cluster-start.error';
import { type ClusterEvent, describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { aloneBaseline, type BurstSlo, meetsSlo, sloAt } from '../e2e/burst.goodput';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { onInterruptibleCluster } from '../e2e/interruptible-cluster';
import { type StreamTiming, timeStreamedCompletion } from '../e2e/streamed-completion';
import { progress, round } from '../lib/bench-stats';
import { startAnswerFloorProbe } from './answer-floor.probe';
import { searchCapacity } from './capacity.search';
import { conductorCounters, countersDelta } from './conductor-counters';
import { runOpenLoop } from './open-loop.run';
import { openLoopPlan } from './overload.plan';
import { type Admission, type ClusterShape, overloadCluster, overloadSide } from './overload.sides';
import { summarizeRun } from './overload.summary';
import { soak } from './soak.measure';

/**
 * `tsukimi bench overload [--json] [--phase all|overload|soak] [--requests N] [--probe-requests N]
 * [--overload-multiple M] [--slo-multiple K] [--soak-s S] [--rate-rps R] [--ttft-slo-ms T --tbt-slo-ms B]
 * [--soak-admission on|off] [--model FILE] [--prefill N] [--decode N] [--prompt-tokens N] [--max-tokens N]`.
 * On a local cluster of 1 prefill and 1 decode instance (tiny model, reference engine; `--model`,
 * `--prefill` and `--decode` change those, `--prompt-tokens` and `--max-tokens` the requests):
 * the SLOs are K (default 5) times the medians of requests sent alone (TTFT, and the longest gap
 * between two tokens); capacity is the highest Poisson rate at which at least 95% of requests meet
 * both at the client with admission off (a step search, `--probe-requests` a step); then the same
 * `--requests` (fixed seed) at M (default 3) times capacity, open loop, with admission off and,
 * on a fresh cluster alike but for the flag, predictive admission on. The soak sends steady load at
 * capacity to the admission-on cluster for `--soak-s` (default 600) and reads every service's RSS.
 * `--phase soak` soaks alone, at `--rate-rps` with the SLOs given, with admission on or, as the
 * baseline beside it, off (`--soak-admission`).
 */
const args = process.argv.slice(2);
const valueOf = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const positive = (name: string, fallback: number | undefined): number | undefined => {
  const raw = valueOf(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};
const PHASES = ['all', 'overload', 'soak'] as const;
const PHASE = PHASES.find((name) => name === (valueOf('--phase') ?? 'all'));
if (!PHASE) throw new Error(`--phase must be one of ${PHASES.join(', ')}, got ${valueOf('--phase')}`);
const REQUESTS = positive('--requests', 300)!;
const PROBE_REQUESTS = positive('--probe-requests', 80)!;
const OVERLOAD_MULTIPLE = positive('--overload-multiple', 3)!;
const SLO_MULTIPLE = positive('--slo-multiple', 5)!;
const SOAK_S = positive('--soak-s', 600)!;
const SOAK_ADMISSION: Admission | undefined = (['on', 'off'] as const).find((name) => name === (valueOf('--soak-admission') ?? 'on'));
if (!SOAK_ADMISSION) throw new Error(`--soak-admission must be on or off, got ${valueOf('--soak-admission')}`);
const soakAdmission: Admission = SOAK_ADMISSION;
const GIVEN_RATE = positive('--rate-rps', undefined);
const GIVEN_TTFT = positive('--ttft-slo-ms', undefined);
const GIVEN_TBT = positive('--tbt-slo-ms', undefined);
const integer = (name: string, fallback: number): number => {
  const value = positive(name, fallback)!;
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got ${value}`);
  return value;
};
const PROMPT_TOKENS = integer('--prompt-tokens', 200);
const MAX_TOKENS = integer('--max-tokens', 16);
const SHAPE: ClusterShape = {
  ...(valueOf('--model') === undefined ? {} : { modelPath: valueOf('--model') }),
  ...(valueOf('--prefill') === undefined ? {} : { prefill: integer('--prefill', 1) }),
  ...(valueOf('--decode') === undefined ? {} : { decode: integer('--decode', 1) }),
};
const TARGET_SHARE = 0.95;
const SEED = 14;
/** How often the answer-floor probe sends its 404 during an overload run: a few a second, beside tens of completions. */
const FLOOR_PROBE_EVERY_MS = 250;

const onCluster = <T>(env: Record<string, string>, label: string, work: (client: OpenAI, model: string, cluster: LocalCluster) => Promise<T>) => {
  progress(`starting a cluster (${label})`);
  return onInterruptibleCluster({ ...overloadCluster(SHAPE), env: { ...process.env, ...env }, onEvent: (event: ClusterEvent) => progress(describeEvent(event)) }, async (cluster) => {
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0 });
    const warmUp = seededRandom(3);
    for (let i = 0; i < 3; i++) await timeStreamedCompletion(client, { model: cluster.modelName, prompt: randomText(warmUp, PROMPT_TOKENS), maxTokens: MAX_TOKENS });
    return work(client, cluster.modelName, cluster);
  });
};

async function measureSlo(): Promise<BurstSlo> {
  if (GIVEN_TTFT !== undefined && GIVEN_TBT !== undefined) return { ttftMs: GIVEN_TTFT, tbtMs: GIVEN_TBT };
  return onCluster({ TSUKIMI_CONDUCTOR_ADMISSION: 'none' }, 'requests alone', async (client, model) => {
    const random = seededRandom(4);
    const alone: StreamTiming[] = [];
    for (let i = 0; i < 15; i++) alone.push(await timeStreamedCompletion(client, { model, prompt: randomText(random, PROMPT_TOKENS), maxTokens: MAX_TOKENS }));
    const medians = aloneBaseline(alone);
    const slo = sloAt(medians, SLO_MULTIPLE);
    progress(`alone: TTFT ${round(medians.ttftMs, 1)} ms, longest gap ${round(medians.tbtMs, 1)} ms (medians of ${alone.length}); SLOs ${round(slo.ttftMs, 1)} ms and ${round(slo.tbtMs, 1)} ms`);
    return slo;
  });
}

const planAt = (ratePerS: number, requests: number, seed: number) => ({ seed, ratePerS, requests, promptTokens: PROMPT_TOKENS, maxTokens: MAX_TOKENS });

/**
 * One side's overload run, after the same warm-up on both sides (the probe-sized plan at capacity),
 * so the admission-on cluster, started fresh, is not judged colder than the one the search warmed.
 */
async function overloadRun(admission: Admission, slo: BurstSlo, client: OpenAI, model: string, cluster: LocalCluster, capacityPerS: number) {
  await runOpenLoop(client, model, openLoopPlan(planAt(capacityPerS, PROBE_REQUESTS, SEED + 50)), `warm-up, admission ${admission}`);
  const ratePerS = capacityPerS * OVERLOAD_MULTIPLE;
  const side = overloadSide(admission, slo, planAt(ratePerS, REQUESTS, SEED), SHAPE);
  const before = await conductorCounters(cluster);
  const floor = startAnswerFloorProbe(client, side.plan[0]!.prompt, MAX_TOKENS, FLOOR_PROBE_EVERY_MS);
  const run = await runOpenLoop(client, model, side.plan, `admission ${admission}`);
  const answerFloor = await floor.stop();
  const summary = summarizeRun(run, slo);
  const after = await conductorCounters(cluster);
  const conductor = countersDelta(before, after);
  progress(`admission ${admission} at ${round(ratePerS, 1)}/s: admitted ${summary.admitted}/${summary.requests}, within SLO ${summary.within_slo} (${summary.admitted_within_slo_share} of admitted), refusal p50 ${summary.refusal_ms_p50} ms (a 404 beside it ${answerFloor.unknown_model_ms_p50} ms), goodput ${summary.goodput_rps}/s`);
  return { ...summary, answer_floor: answerFloor, conductor_metrics_during_run: conductor };
}

async function overloadPhase(slo: BurstSlo) {
  const off = await onCluster(overloadSide('off', slo, planAt(1, 1, SEED)).env, 'admission off', async (client, model, cluster) => {
    let probeSeed = 100;
    const capacity = GIVEN_RATE !== undefined
      ? { ratePerS: GIVEN_RATE, probes: [] }
      : await searchCapacity(async (ratePerS) => {
          const run = await runOpenLoop(client, model, openLoopPlan(planAt(ratePerS, PROBE_REQUESTS, probeSeed++)), `probe ${round(ratePerS, 1)}/s`);
          const share = run.outcomes.filter((o) => o.kind === 'served' && meetsSlo(o.timing, slo)).length / run.outcomes.length;
          progress(`capacity probe ${round(ratePerS, 2)}/s: ${round(share, 3)} within both SLOs`);
          return share;
        }, { startRatePerS: 4, targetShare: TARGET_SHARE, refineSteps: 2, maxSteps: 6 });
    if (capacity.ratePerS === 0) throw new Error('no probed rate met both SLOs for 95% of requests');
    progress(`capacity ${round(capacity.ratePerS, 2)}/s; overload at ${OVERLOAD_MULTIPLE}x: ${round(capacity.ratePerS * OVERLOAD_MULTIPLE, 2)}/s`);
    return { capacity, summary: await overloadRun('off', slo, client, model, cluster, capacity.ratePerS) };
  });
  const overloadRate = off.capacity.ratePerS * OVERLOAD_MULTIPLE;
  const on = await onCluster(overloadSide('on', slo, planAt(1, 1, SEED)).env, 'admission on', async (client, model, cluster) => ({
    summary: await overloadRun('on', slo, client, model, cluster, off.capacity.ratePerS),
    soak: PHASE === 'all' ? await soakOn(client, model, cluster, slo, off.capacity.ratePerS) : undefined,
  }));
  return {
    capacity_rps: round(off.capacity.ratePerS, 2),
    capacity_probes: off.capacity.probes.map((p) => ({ rate_rps: round(p.ratePerS, 2), within_slo_share: round(p.share, 3) })),
    overload_rps: round(overloadRate, 2),
    admitted_share: on.summary.admitted_share,
    admitted_within_slo_share: on.summary.admitted_within_slo_share,
    refusal_ms_p50: on.summary.refusal_ms_p50,
    refusal_ms_p99: on.summary.refusal_ms_p99,
    within_slo_share_admission_off: off.summary.within_slo_share,
    goodput_rps_admission_on: on.summary.goodput_rps,
    goodput_rps_admission_off: off.summary.goodput_rps,
    goodput_ratio_on_over_off: round(on.summary.goodput_rps / off.summary.goodput_rps, 3),
    // Requests within both SLOs per second with admission on at the overload rate, over the capacity
    // found with admission off: near 1, admission lets through as many as the cluster can serve in
    // time; well under 1, it refuses requests that could have met both.
    goodput_on_over_capacity: round(on.summary.goodput_rps / off.capacity.ratePerS, 3),
    admission_on: on.summary,
    admission_off: off.summary,
    ...(on.soak ? { soak: on.soak } : {}),
  };
}

function soakOn(client: OpenAI, model: string, cluster: LocalCluster, slo: BurstSlo, ratePerS: number, admission: Admission = 'on') {
  progress(`soak: ${SOAK_S} s at ${round(ratePerS, 2)}/s with admission ${admission}`);
  return soak(client, model, cluster, slo, { durationS: SOAK_S, ratePerS, sampleEveryS: 5, seed: SEED + 1, promptTokens: PROMPT_TOKENS, maxTokens: MAX_TOKENS });
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const slo = await measureSlo();
  const result = PHASE === 'soak'
    ? await (async () => {
        if (GIVEN_RATE === undefined) throw new Error('--phase soak needs --rate-rps');
        const admission = soakAdmission;
        return { soak: await onCluster(overloadSide(admission, slo, planAt(1, 1, SEED)).env, `admission ${admission}`, (client, model, cluster) => soakOn(client, model, cluster, slo, GIVEN_RATE, admission)) };
      })()
    : await overloadPhase(slo);
  const cluster = overloadCluster(SHAPE);
  const header = { engine: 'reference', model: cluster.modelPath ?? 'tiny', prefill: cluster.prefill, decode: cluster.decode, prompt_tokens: PROMPT_TOKENS, max_tokens: MAX_TOKENS, slo_multiple: SLO_MULTIPLE, ttft_slo_ms: round(slo.ttftMs, 1), tbt_slo_ms: round(slo.tbtMs, 1), requests: REQUESTS, overload_multiple: OVERLOAD_MULTIPLE };
  process.stdout.write(`${JSON.stringify({ ...header, ...result, load_average_before: loadBefore, load_average_after: os.loadavg().map((l) => round(l, 2)) })}\n`);
}

main().catch((error: unknown) => {
  const lastLines = error instanceof ClusterStartError ? (error.details.lastLines ?? []).map((line) => `  ${line}\n`).join('') : '';
  process.stderr.write(`bench overload failed: ${error instanceof Error ? error.stack : String(error)}\n${lastLines}`);
  process.exit(1);
});
