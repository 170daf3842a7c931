import * as os from 'node:os';
import * as path from 'node:path';
import { httpGet, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';
import { describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type LocalCluster, startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { median, nowMs, progress, round } from '../lib/bench-stats';
import { ownCpuSeconds } from '../lib/process-cpu';
import { grpcAddress, service } from './conductor-overhead.measure';
import { withServiceLogs } from './service-logs';
import { endpoint, type Endpoint, runPhase } from './scale-out.load';
import { phaseEndpoints, phaseOrder, SCALE_OUT_CLUSTER, type ProcessCount, type ScaleOutShape, secondConductorArgs } from './scale-out.plan';

const CONDUCTOR_MAIN = path.resolve(__dirname, '..', '..', 'apps', 'conductor', 'src', 'main.ts');
const READY_TIMEOUT_MS = 60_000;
const WARM_UP_MS = 20_000;

interface Phase {
  readonly processes: ProcessCount;
  readonly requestsPerS: number;
  readonly failed: number;
  /** CPU milliseconds per completed request, by process kind. */
  readonly cpuMsPerRequest: Readonly<Record<CpuHolder, number>>;
}

type CpuHolder = 'conductors' | 'prefill' | 'decode' | 'kvpool' | 'client';

/**
 * Requests per second with one conductor process and with two over the same cluster and client
 * (scale-out.plan.ts): phases of each in ABBA order, each a closed loop of the same requests, and
 * every process's CPU per request, which shows whether the conductors were the bottleneck.
 */
export function measureScaleOut(shape: ScaleOutShape) {
  return withServiceLogs('tsukimi-bench-scale-out-', async (logDir) => {
    const cluster = await startLocalCluster({ ...SCALE_OUT_CLUSTER, logDir, onEvent: (event) => progress(describeEvent(event)) });
    let second: ServiceProcess | undefined;
    try {
      const prefill = cluster.services.find((s) => s.role === 'prefill');
      const args = secondConductorArgs(prefill && grpcAddress(prefill), grpcAddress(service(cluster, 'decode')), grpcAddress(service(cluster, 'kvpool')));
      second = await ServiceProcess.start({ entry: CONDUCTOR_MAIN, args, startTimeoutMs: READY_TIMEOUT_MS });
      await ready(second.httpPort);
      const conductors: [Endpoint, Endpoint] = [endpoint(service(cluster, 'conductor').httpPort, shape.concurrency), endpoint(second.httpPort, shape.concurrency)];
      return await phases(cluster, second.httpPort, conductors, shape);
    } finally {
      second?.signal('SIGTERM');
      await second?.waitForExit(20_000).catch(() => second?.kill());
      await cluster.stop();
    }
  });
}

async function phases(cluster: LocalCluster, secondPort: number, conductors: [Endpoint, Endpoint], shape: ScaleOutShape) {
  const ports: Record<Exclude<CpuHolder, 'client'>, number[]> = {
    conductors: [service(cluster, 'conductor').httpPort, secondPort],
    prefill: cluster.services.filter((s) => s.role === 'prefill').map((s) => s.httpPort),
    decode: [service(cluster, 'decode').httpPort],
    kvpool: [service(cluster, 'kvpool').httpPort],
  };
  let request = 0;
  // Both conductors and the instances warmed alike before anything is timed: CPU per request settles only after some 20 s of load.
  request = (await runPhase(conductors, { ...shape, phaseMs: WARM_UP_MS }, cluster.modelName, request)).nextRequest;
  const loadAtStart = os.loadavg();
  const done: Phase[] = [];
  for (const processes of phaseOrder(shape.rounds)) {
    const before = await cpuSeconds(ports);
    const count = await runPhase(phaseEndpoints(processes, conductors), shape, cluster.modelName, request);
    const after = await cpuSeconds(ports);
    request = count.nextRequest;
    if (count.failed > 0) progress(`${count.failed} requests failed, the first: ${count.firstFailure}`);
    const perRequest = (holder: CpuHolder) => round(((after[holder] - before[holder]) * 1000) / Math.max(1, count.completed), 2);
    const phase: Phase = {
      processes,
      requestsPerS: round(count.completed / count.seconds, 1),
      failed: count.failed,
      cpuMsPerRequest: { conductors: perRequest('conductors'), prefill: perRequest('prefill'), decode: perRequest('decode'), kvpool: perRequest('kvpool'), client: perRequest('client') },
    };
    progress(`${processes} conductor process${processes === 1 ? '' : 'es'}: ${phase.requestsPerS} requests/s, CPU ms per request ${JSON.stringify(phase.cpuMsPerRequest)}, load ${os.loadavg()[0]!.toFixed(2)}`);
    done.push(phase);
  }
  return summary(done, shape, [loadAtStart[0]!, os.loadavg()[0]!]);
}

function summary(done: readonly Phase[], shape: ScaleOutShape, loadAverage: readonly number[]) {
  const of = (n: ProcessCount) => done.filter((p) => p.processes === n);
  const one = median(of(1).map((p) => p.requestsPerS));
  const two = median(of(2).map((p) => p.requestsPerS));
  const cpu = (n: ProcessCount) => Object.fromEntries((['conductors', 'prefill', 'decode', 'kvpool', 'client'] as const).map((h) => [h, median(of(n).map((p) => p.cpuMsPerRequest[h]))]));
  return {
    requests_per_s_1_process: one,
    requests_per_s_2_processes: two,
    // Two processes' requests per second over one's: the medians of the phases.
    requests_per_s_ratio_2_over_1: round(two / one, 3),
    // The same, round by round (each round one phase of each count, adjacent).
    requests_per_s_ratio_by_round: of(2).map((p, i) => round(p.requestsPerS / of(1)[i]!.requestsPerS, 3)),
    // The conductors' CPU per request with two processes over that with one: above 1, two processes cost more per request.
    conductor_cpu_per_request_ratio_2_over_1: round(cpu(2)['conductors']! / cpu(1)['conductors']!, 3),
    scale_out_cpu_ms_per_request_1_process: cpu(1),
    scale_out_cpu_ms_per_request_2_processes: cpu(2),
    scale_out_failed_requests: done.reduce((sum, p) => sum + p.failed, 0),
    scale_out_load_average_1m: loadAverage.map((l) => round(l, 2)),
    scale_out_shape: { ...shape, cpus: os.cpus().length },
  };
}

/** CPU seconds so far of every service (prom-client's own counter, read over HTTP) and of this client. */
async function cpuSeconds(ports: Record<Exclude<CpuHolder, 'client'>, number[]>): Promise<Record<CpuHolder, number>> {
  const total = async (list: number[]) => (await Promise.all(list.map(async (port) => sampleValue((await httpGet(port, '/metrics')).body, 'process_cpu_seconds_total') ?? NaN))).reduce((a, b) => a + b, 0);
  return { conductors: await total(ports.conductors), prefill: await total(ports.prefill), decode: await total(ports.decode), kvpool: await total(ports.kvpool), client: ownCpuSeconds() };
}

/** Resolves once the conductor's /readyz answers 200: it routes to the cluster's instances. */
async function ready(port: number): Promise<void> {
  const deadline = nowMs() + READY_TIMEOUT_MS;
  for (;;) {
    const status = await httpGet(port, '/readyz').then((r) => r.status, () => 0);
    if (status === 200) return;
    if (nowMs() > deadline) throw new Error('the second conductor never became ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
