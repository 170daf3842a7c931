import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { describeEvent, type ServiceInfo } from '../../apps/cli/src/cluster/cluster.events';
import { type LocalCluster, startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { progress, quantile, round } from '../lib/bench-stats';
import { cpuMsPerSecond, processCpuSeconds } from '../lib/process-cpu';
import { timeThroughConductor } from './conductor-path.client';
import { DirectPath } from './direct-path.client';
import { warmUpUntilSettled, type WarmUpShape } from './warm-up.settle';

export interface OverheadShape {
  readonly rounds: number;
  readonly warmUp: WarmUpShape;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

/**
 * The cluster both paths run on. Every request disaggregated, as the direct path always is: under
 * `auto` the conductor would run these short prompts whole on the decode instance, other work.
 */
export const OVERHEAD_CLUSTER = { prefill: 1, decode: 1, kvpool: 1, port: 0, disaggregation: 'always' } as const;

/** Deadline of any one call on either path. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * The conductor's added latency per request: a local cluster (1 prefill, 1 decode, 1 kvpool) and
 * the same request sent straight to its instances over gRPC and through the conductor's OpenAI
 * API, in pairs. Every request has a prompt neither path has sent, so both compute it in full;
 * the order within a pair alternates, so that whatever one request leaves behind (a store still
 * settling, a probe) falls on each path alike.
 */
export async function measureConductorOverhead(shape: OverheadShape) {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-conductor-'));
  const interrupted = new AbortController();
  // Kept for every signal: `tsukimi bench` forwards the Ctrl-C its child also got.
  const onSignal = () => interrupted.abort();
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const cluster = await startLocalCluster({ ...OVERHEAD_CLUSTER, logDir, signal: interrupted.signal, onEvent: (event) => progress(describeEvent(event)) });
  interrupted.signal.addEventListener('abort', () => void cluster.stop().finally(() => process.exit(130)));
  let direct: DirectPath | undefined;
  try {
    progress(`cluster ready at ${cluster.endpoint} (${cluster.modelName})`);
    direct = new DirectPath(grpcAddress(service(cluster, 'prefill')), grpcAddress(service(cluster, 'decode')), CALL_TIMEOUT_MS);
    const figures = await interleavedRounds(cluster, direct, shape);
    fs.rmSync(logDir, { recursive: true, force: true });
    return figures;
  } catch (error) {
    progress(`service logs kept in ${logDir}`);
    throw error;
  } finally {
    direct?.close();
    await cluster.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

async function interleavedRounds(cluster: LocalCluster, direct: DirectPath, shape: OverheadShape) {
  const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0, timeout: CALL_TIMEOUT_MS });
  const random = seededRandom(4);
  const prompt = () => [...Buffer.from(randomText(random, shape.promptTokens), 'utf8')];
  const viaDirect = () => direct.time({ promptTokens: prompt(), maxTokens: shape.maxTokens });
  const viaConductor = () => timeThroughConductor(client, { model: cluster.modelName, promptTokens: prompt(), maxTokens: shape.maxTokens });
  const directMs: number[] = [];
  const conductorMs: number[] = [];
  const conductorPid = service(cluster, 'conductor').pid;
  const idleCpuMsPerS = conductorPid === undefined ? null : await cpuMsPerSecond(conductorPid, IDLE_WINDOW_MS);
  const pair = async (conductorFirst: boolean) => {
    const first = conductorFirst ? await viaConductor() : await viaDirect();
    const second = conductorFirst ? await viaDirect() : await viaConductor();
    return conductorFirst ? { directMs: second, conductorMs: first } : { directMs: first, conductorMs: second };
  };
  const warmUpRounds = await warmUp(shape.warmUp, conductorPid, (round) => pair(round % 2 === 1));
  const cpuAtStartS = conductorPid === undefined ? null : processCpuSeconds(conductorPid);
  progress(`${shape.rounds} timed rounds: ${shape.promptTokens}-token prompts, ${shape.maxTokens} tokens each, direct and through the conductor in turn`);
  for (let round = 0; round < shape.rounds; round++) {
    const timed = await pair((warmUpRounds + round) % 2 === 1);
    directMs.push(timed.directMs);
    conductorMs.push(timed.conductorMs);
    const done = round + 1;
    if (done % 50 === 0) progress(`${done}/${shape.rounds} rounds: overhead p50 so far ${round2(quantile(overheads(directMs, conductorMs), 0.5))} ms`);
  }
  const cpuAtEndS = conductorPid === undefined ? null : processCpuSeconds(conductorPid);
  const overheadMs = overheads(directMs, conductorMs);
  return {
    // All of the conductor's CPU over the timed rounds (its background probes included) per request it served.
    conductor_idle_cpu_ms_per_s: idleCpuMsPerS === null ? null : round2(idleCpuMsPerS),
    conductor_cpu_ms_per_request: cpuAtStartS === null || cpuAtEndS === null ? null : round2(((cpuAtEndS - cpuAtStartS) * 1000) / shape.rounds),
    overhead_ms_p50: round2(quantile(overheadMs, 0.5)),
    overhead_ms_p99: round2(quantile(overheadMs, 0.99)),
    direct_ms_p50: round2(quantile(directMs, 0.5)),
    conductor_ms_p50: round2(quantile(conductorMs, 0.5)),
    direct_ms_p99: round2(quantile(directMs, 0.99)),
    conductor_ms_p99: round2(quantile(conductorMs, 0.99)),
    overhead_rounds: shape.rounds,
    overhead_warm_up_rounds: warmUpRounds,
    overhead_prompt_tokens: shape.promptTokens,
    overhead_max_tokens: shape.maxTokens,
  };
}

/**
 * Pairs of requests, both paths alike, in batches until the conductor's CPU per round settles
 * (`warmUpUntilSettled`); answers how many rounds it took. Each batch's figure is a progress line.
 */
function warmUp(shape: WarmUpShape, conductorPid: number | undefined, pair: (round: number) => Promise<unknown>): Promise<number> {
  progress(`warm-up: batches of ${shape.batchRounds} rounds, ${shape.minRounds} to ${shape.maxRounds}, until the conductor's CPU per round stops falling`);
  const cpuS = () => [conductorPid === undefined ? null : processCpuSeconds(conductorPid)];
  return warmUpUntilSettled(shape, cpuS, pair, (rounds, [cpuMsPerRound]) =>
    progress(`warm-up ${rounds} rounds: conductor ${cpuMsPerRound === null || cpuMsPerRound === undefined ? 'CPU unreadable' : `${round2(cpuMsPerRound)} ms CPU a request`} over the last ${shape.batchRounds}`),
  );
}

/** How long the idle conductor is watched, right after start-up: its instances push their load when it changes (probed every second with --load-watch false). */
const IDLE_WINDOW_MS = 4_000;

export function service(cluster: LocalCluster, role: ServiceInfo['role']): ServiceInfo {
  const found = cluster.services.find((s) => s.role === role);
  if (!found) throw new Error(`the cluster has no ${role} service`);
  return found;
}

export function grpcAddress(info: ServiceInfo): string {
  if (!info.grpcPort) throw new Error(`${info.name} has no gRPC port`);
  return `${info.host}:${info.grpcPort}`;
}

/** Conductor minus direct, round by round. */
function overheads(directMs: readonly number[], conductorMs: readonly number[]): number[] {
  return conductorMs.map((ms, i) => ms - directMs[i]!);
}

function round2(value: number): number {
  return round(value, 2);
}
