import OpenAI from 'openai';
import * as os from 'node:os';
import { type ClusterEvent, describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { aloneBaseline, type BurstSlo, meetsSlo, sloAt } from '../e2e/burst.goodput';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { onInterruptibleCluster } from '../e2e/interruptible-cluster';
import { type StreamTiming, timeStreamedCompletion } from '../e2e/streamed-completion';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { progress, round } from '../lib/bench-stats';
import { startAnswerFloorProbe } from './answer-floor.probe';
import { searchCapacity } from './capacity.search';
import { conductorCounters, countersDelta } from './conductor-counters';
import { runOpenLoop } from './open-loop.run';
import { overloadArgs } from './overload.args';
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
type BenchOptions = BenchValues<typeof overloadArgs.options>;

function clusterShape(o: BenchOptions): ClusterShape {
  return {
    ...(o.model === undefined ? {} : { modelPath: o.model }),
    ...(o.prefill === undefined ? {} : { prefill: o.prefill }),
    ...(o.decode === undefined ? {} : { decode: o.decode }),
  };
}
const TARGET_SHARE = 0.95;
const SEED = 14;
/** How often the answer-floor probe sends its 404 during an overload run: a few a second, beside tens of completions. */
const FLOOR_PROBE_EVERY_MS = 250;

const onCluster = <T>(o: BenchOptions, env: Record<string, string>, label: string, work: (client: OpenAI, model: string, cluster: LocalCluster) => Promise<T>) => {
  progress(`starting a cluster (${label})`);
  return onInterruptibleCluster({ ...overloadCluster(clusterShape(o)), env: { ...process.env, ...env }, onEvent: (event: ClusterEvent) => progress(describeEvent(event)) }, async (cluster) => {
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0 });
    const warmUp = seededRandom(3);
    for (let i = 0; i < 3; i++) await timeStreamedCompletion(client, { model: cluster.modelName, prompt: randomText(warmUp, o.promptTokens), maxTokens: o.maxTokens });
    return work(client, cluster.modelName, cluster);
  });
};

async function measureSlo(o: BenchOptions): Promise<BurstSlo> {
  if (o.ttftSloMs !== undefined && o.tbtSloMs !== undefined) return { ttftMs: o.ttftSloMs, tbtMs: o.tbtSloMs };
  return onCluster(o, { TSUKIMI_CONDUCTOR_ADMISSION: 'none' }, 'requests alone', async (client, model) => {
    const random = seededRandom(4);
    const alone: StreamTiming[] = [];
    for (let i = 0; i < 15; i++) alone.push(await timeStreamedCompletion(client, { model, prompt: randomText(random, o.promptTokens), maxTokens: o.maxTokens }));
    const medians = aloneBaseline(alone);
    const slo = sloAt(medians, o.sloMultiple);
    progress(`alone: TTFT ${round(medians.ttftMs, 1)} ms, longest gap ${round(medians.tbtMs, 1)} ms (medians of ${alone.length}); SLOs ${round(slo.ttftMs, 1)} ms and ${round(slo.tbtMs, 1)} ms`);
    return slo;
  });
}

const planAt = (o: BenchOptions, ratePerS: number, requests: number, seed: number) => ({ seed, ratePerS, requests, promptTokens: o.promptTokens, maxTokens: o.maxTokens });

/**
 * One side's overload run, after the same warm-up on both sides (the probe-sized plan at capacity),
 * so the admission-on cluster, started fresh, is not judged colder than the one the search warmed.
 */
async function overloadRun(o: BenchOptions, admission: Admission, slo: BurstSlo, client: OpenAI, model: string, cluster: LocalCluster, capacityPerS: number) {
  await runOpenLoop(client, model, openLoopPlan(planAt(o, capacityPerS, o.probeRequests, SEED + 50)), `warm-up, admission ${admission}`);
  const ratePerS = capacityPerS * o.overloadMultiple;
  const side = overloadSide(admission, slo, planAt(o, ratePerS, o.requests, SEED), clusterShape(o));
  const before = await conductorCounters(cluster);
  const floor = startAnswerFloorProbe(client, side.plan[0]!.prompt, o.maxTokens, FLOOR_PROBE_EVERY_MS);
  const run = await runOpenLoop(client, model, side.plan, `admission ${admission}`);
  const answerFloor = await floor.stop();
  const summary = summarizeRun(run, slo);
  const after = await conductorCounters(cluster);
  const conductor = countersDelta(before, after);
  progress(`admission ${admission} at ${round(ratePerS, 1)}/s: admitted ${summary.admitted}/${summary.requests}, within SLO ${summary.within_slo} (${summary.admitted_within_slo_share} of admitted), refusal p50 ${summary.refusal_ms_p50} ms (a 404 beside it ${answerFloor.unknown_model_ms_p50} ms), goodput ${summary.goodput_rps}/s`);
  return { ...summary, answer_floor: answerFloor, conductor_metrics_during_run: conductor };
}

async function overloadPhase(o: BenchOptions, slo: BurstSlo) {
  const off = await onCluster(o, overloadSide('off', slo, planAt(o, 1, 1, SEED)).env, 'admission off', async (client, model, cluster) => {
    let probeSeed = 100;
    const capacity = o.rateRps !== undefined
      ? { ratePerS: o.rateRps, probes: [] }
      : await searchCapacity(async (ratePerS) => {
          const run = await runOpenLoop(client, model, openLoopPlan(planAt(o, ratePerS, o.probeRequests, probeSeed++)), `probe ${round(ratePerS, 1)}/s`);
          const share = run.outcomes.filter((o) => o.kind === 'served' && meetsSlo(o.timing, slo)).length / run.outcomes.length;
          progress(`capacity probe ${round(ratePerS, 2)}/s: ${round(share, 3)} within both SLOs`);
          return share;
        }, { startRatePerS: 4, targetShare: TARGET_SHARE, refineSteps: 2, maxSteps: 6 });
    if (capacity.ratePerS === 0) throw new Error('no probed rate met both SLOs for 95% of requests');
    progress(`capacity ${round(capacity.ratePerS, 2)}/s; overload at ${o.overloadMultiple}x: ${round(capacity.ratePerS * o.overloadMultiple, 2)}/s`);
    return { capacity, summary: await overloadRun(o, 'off', slo, client, model, cluster, capacity.ratePerS) };
  });
  const overloadRate = off.capacity.ratePerS * o.overloadMultiple;
  const on = await onCluster(o, overloadSide('on', slo, planAt(o, 1, 1, SEED)).env, 'admission on', async (client, model, cluster) => ({
    summary: await overloadRun(o, 'on', slo, client, model, cluster, off.capacity.ratePerS),
    soak: o.phase === 'all' ? await soakOn(o, client, model, cluster, slo, off.capacity.ratePerS) : undefined,
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

function soakOn(o: BenchOptions, client: OpenAI, model: string, cluster: LocalCluster, slo: BurstSlo, ratePerS: number, admission: Admission = 'on') {
  progress(`soak: ${o.soakS} s at ${round(ratePerS, 2)}/s with admission ${admission}`);
  return soak(client, model, cluster, slo, { durationS: o.soakS, ratePerS, sampleEveryS: 5, seed: SEED + 1, promptTokens: o.promptTokens, maxTokens: o.maxTokens });
}

async function main(o: BenchOptions): Promise<void> {
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const slo = await measureSlo(o);
  const soakRate = o.rateRps;
  // The declaration refuses --phase soak without --rate-rps.
  const result = o.phase === 'soak' && soakRate !== undefined
    ? { soak: await onCluster(o, overloadSide(o.soakAdmission, slo, planAt(o, 1, 1, SEED)).env, `admission ${o.soakAdmission}`, (client, model, cluster) => soakOn(o, client, model, cluster, slo, soakRate, o.soakAdmission)) }
    : await overloadPhase(o, slo);
  const cluster = overloadCluster(clusterShape(o));
  const header = { engine: 'reference', model: cluster.modelPath ?? 'tiny', prefill: cluster.prefill, decode: cluster.decode, prompt_tokens: o.promptTokens, max_tokens: o.maxTokens, slo_multiple: o.sloMultiple, ttft_slo_ms: round(slo.ttftMs, 1), tbt_slo_ms: round(slo.tbtMs, 1), requests: o.requests, overload_multiple: o.overloadMultiple };
  process.stdout.write(`${JSON.stringify({ ...header, ...result, load_average_before: loadBefore, load_average_after: os.loadavg().map((l) => round(l, 2)) })}\n`);
}

runBench(overloadArgs, main);
