import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import OpenAI from 'openai';
import { describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { onInterruptibleCluster } from '../e2e/interruptible-cluster';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { progress, quantile, round } from '../lib/bench-stats';
import { processCpuSeconds } from '../lib/process-cpu';
import { grpcAddress, OVERHEAD_CLUSTER, service } from './conductor-overhead.measure';
import { timeThroughConductor } from './conductor-path.client';
import { warmUpUntilSettled, type WarmUpShape } from './warm-up.settle';

export interface FloorShape {
  readonly rounds: number;
  /** The overhead part's warm-up, here until both processes' CPU per round stops falling. */
  readonly warmUp: WarmUpShape;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

/** Deadline of any one request on either path. */
const CALL_TIMEOUT_MS = 30_000;
/** How long the floor's process may take to compile and listen. */
const FLOOR_START_TIMEOUT_MS = 30_000;
const REPO_ROOT = path.join(__dirname, '../..');

/**
 * The conductor's CPU per request read against the least a Node front door can spend on the same
 * request (`router-floor.proxy.ts`): on the overhead part's cluster shape, the floor in its own
 * process started as the services are (the TypeScript require hook), the same streamed request
 * through the conductor and through the floor in turn with the same OpenAI client, every prompt
 * fresh, the order within a round alternating, after a warm-up like the overhead part's. Each process's CPU (all threads, from /proc) over
 * the timed rounds, per request; `ratio_conductor_cpu_over_floor` is the conductor's over the
 * floor's: lower is better, 1 would be a conductor that costs no more than the floor.
 */
export function measureRouterFloor(shape: FloorShape) {
  return onInterruptibleCluster({ ...OVERHEAD_CLUSTER, onEvent: (event) => progress(describeEvent(event)) }, async (cluster) => {
    const floor = await startFloorProcess(cluster);
    try {
      return await rounds(cluster, floor, shape);
    } finally {
      await stopFloorProcess(floor.child);
    }
  });
}

async function rounds(cluster: LocalCluster, floor: FloorProcess, shape: FloorShape) {
  const options = { apiKey: 'unused', maxRetries: 0, timeout: CALL_TIMEOUT_MS };
  const conductorClient = new OpenAI({ ...options, baseURL: cluster.endpoint });
  const floorClient = new OpenAI({ ...options, baseURL: `http://127.0.0.1:${floor.port}/v1` });
  const random = seededRandom(13);
  const request = () => ({ model: cluster.modelName, promptTokens: [...Buffer.from(randomText(random, shape.promptTokens), 'utf8')], maxTokens: shape.maxTokens });
  const conductorPid = service(cluster, 'conductor').pid;
  const floorPid = floor.child.pid;
  if (conductorPid === undefined || floorPid === undefined) throw new Error('the conductor or the router floor has no process id');
  const cpuS = () => [processCpuSeconds(conductorPid), processCpuSeconds(floorPid)] as const;
  const pair = async (floorFirst: boolean) => {
    const first = await timeThroughConductor(floorFirst ? floorClient : conductorClient, request());
    const second = await timeThroughConductor(floorFirst ? conductorClient : floorClient, request());
    return floorFirst ? { conductorMs: second, floorMs: first } : { conductorMs: first, floorMs: second };
  };
  progress(`router floor: ${shape.promptTokens}-token prompts, ${shape.maxTokens} tokens each, through the conductor and through the floor in turn`);
  const warmUpRounds = await warmUp(shape.warmUp, cpuS, (round) => pair(round % 2 === 1));
  progress(`router floor: ${shape.rounds} timed rounds`);
  const conductorMs: number[] = [];
  const floorMs: number[] = [];
  const atStart = cpuS();
  for (let round = 0; round < shape.rounds; round++) {
    const timed = await pair((warmUpRounds + round) % 2 === 1);
    conductorMs.push(timed.conductorMs);
    floorMs.push(timed.floorMs);
    const done = round + 1;
    if (done % 50 === 0) progress(`router floor: ${done}/${shape.rounds} rounds, p50 so far conductor ${round2(quantile(conductorMs, 0.5))} ms, floor ${round2(quantile(floorMs, 0.5))} ms`);
  }
  const [conductorCpuMs, floorCpuMs] = cpuMsPerRound(atStart, cpuS(), shape.rounds);
  progress(`router floor: CPU a request, conductor ${conductorCpuMs === null ? '?' : round2(conductorCpuMs)} ms, floor ${floorCpuMs === null ? '?' : round2(floorCpuMs)} ms`);
  return {
    router_floor_cpu_ms_per_request: floorCpuMs === null ? null : round2(floorCpuMs),
    // The conductor's CPU over the same rounds as the floor's, in this part's own cluster.
    router_floor_conductor_cpu_ms_per_request: conductorCpuMs === null ? null : round2(conductorCpuMs),
    ratio_conductor_cpu_over_floor: conductorCpuMs === null || floorCpuMs === null || floorCpuMs === 0 ? null : round2(conductorCpuMs / floorCpuMs),
    router_floor_ms_p50: round2(quantile(floorMs, 0.5)),
    router_floor_conductor_ms_p50: round2(quantile(conductorMs, 0.5)),
    router_floor_rounds: shape.rounds,
    router_floor_warm_up_rounds: warmUpRounds,
  };
}

/**
 * Rounds in batches until the CPU per round of the conductor and of the floor have each stopped
 * falling (`warmUpUntilSettled`, the overhead part's rule); answers how many rounds it took.
 */
function warmUp(shape: WarmUpShape, cpuS: () => CpuSeconds, round: (n: number) => Promise<unknown>): Promise<number> {
  return warmUpUntilSettled(shape, cpuS, round, (rounds, batch) => {
    const [conductorMs, floorMs] = batch.map((ms) => (ms === null ? '?' : round2(ms)));
    progress(`router floor: warm-up ${rounds} rounds, CPU a request over the last ${shape.batchRounds}: conductor ${conductorMs} ms, floor ${floorMs} ms`);
  });
}

interface FloorProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/** The floor in its own process, started as the cluster starts a service; answers once it listens. */
function startFloorProcess(cluster: LocalCluster): Promise<FloorProcess> {
  const args = ['--prefill', grpcAddress(service(cluster, 'prefill')), '--decode', grpcAddress(service(cluster, 'decode')), '--model', cluster.modelName];
  const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/runtime/register.js'), path.join(__dirname, 'router-floor.main.ts'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => progress(`router floor: ${chunk.toString('utf8').trimEnd()}`));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the router floor did not listen within ${FLOOR_START_TIMEOUT_MS} ms`)), FLOOR_START_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(new Error(`the router floor exited (code ${code}) before it listened`));
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const listening = /router floor listening on (\d+)/.exec(out);
      if (!listening) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, port: Number(listening[1]) });
    });
  });
}

async function stopFloorProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

type CpuSeconds = readonly [conductor: number | null, floor: number | null];

/** Each process's CPU milliseconds per round between two readings; null where one was unreadable. */
function cpuMsPerRound(before: CpuSeconds, after: CpuSeconds, rounds: number): CpuSeconds {
  const per = (start: number | null, end: number | null) => (start === null || end === null ? null : ((end - start) * 1000) / rounds);
  return [per(before[0], after[0]), per(before[1], after[1])];
}

function round2(value: number): number {
  return round(value, 2);
}
