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

export interface FloorShape {
  readonly rounds: number;
  readonly warmUpRounds: number;
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
 * fresh, the order within a round alternating. Each process's CPU (all threads, from /proc) over
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
  const conductorMs: number[] = [];
  const floorMs: number[] = [];
  progress(`router floor: ${shape.warmUpRounds} warm-up and ${shape.rounds} timed rounds, ${shape.promptTokens}-token prompts, ${shape.maxTokens} tokens each, through the conductor and through the floor in turn`);
  let atStart = cpuS();
  for (let round = 0; round < shape.warmUpRounds + shape.rounds; round++) {
    if (round === shape.warmUpRounds) atStart = cpuS();
    const floorFirst = round % 2 === 1;
    const first = await timeThroughConductor(floorFirst ? floorClient : conductorClient, request());
    const second = await timeThroughConductor(floorFirst ? conductorClient : floorClient, request());
    if (round < shape.warmUpRounds) continue;
    conductorMs.push(floorFirst ? second : first);
    floorMs.push(floorFirst ? first : second);
    const done = round + 1 - shape.warmUpRounds;
    if (done % 50 === 0) progress(`router floor: ${done}/${shape.rounds} rounds, p50 so far conductor ${round2(quantile(conductorMs, 0.5))} ms, floor ${round2(quantile(floorMs, 0.5))} ms`);
  }
  const atEnd = cpuS();
  const perRequestMs = (i: 0 | 1) => {
    const [start, end] = [atStart[i], atEnd[i]];
    return start === null || end === null ? null : ((end - start) * 1000) / shape.rounds;
  };
  const conductorCpuMs = perRequestMs(0);
  const floorCpuMs = perRequestMs(1);
  progress(`router floor: CPU a request, conductor ${conductorCpuMs === null ? '?' : round2(conductorCpuMs)} ms, floor ${floorCpuMs === null ? '?' : round2(floorCpuMs)} ms`);
  return {
    router_floor_cpu_ms_per_request: floorCpuMs === null ? null : round2(floorCpuMs),
    // The conductor's CPU over the same rounds as the floor's, in this part's own cluster.
    router_floor_conductor_cpu_ms_per_request: conductorCpuMs === null ? null : round2(conductorCpuMs),
    ratio_conductor_cpu_over_floor: conductorCpuMs === null || floorCpuMs === null || floorCpuMs === 0 ? null : round2(conductorCpuMs / floorCpuMs),
    router_floor_ms_p50: round2(quantile(floorMs, 0.5)),
    router_floor_conductor_ms_p50: round2(quantile(conductorMs, 0.5)),
    router_floor_rounds: shape.rounds,
    router_floor_warm_up_rounds: shape.warmUpRounds,
  };
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

function round2(value: number): number {
  return round(value, 2);
}
