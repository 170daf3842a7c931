import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { httpGet, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';
import { OtlpJsonReceiver } from '@tsukimi/tracing';
import { describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { answers200, pollUntil } from '../../apps/cli/src/cluster/readiness.poll';
import { grpcAddress, service } from '../conductor/conductor-overhead.measure';
import { timeThroughConductor } from '../conductor/conductor-path.client';
import { requestBody, SCALE_OUT_CLUSTER, secondConductorArgs } from '../conductor/scale-out.plan';
import { withServiceLogs } from '../conductor/service-logs';
import { median, nowMs, progress, quantile, round } from '../lib/bench-stats';
import { roundOrder, sideArgs, TRACING_SIDES, type TracingSide } from './tracing-sides';

const CONDUCTOR_MAIN = path.resolve(__dirname, '..', '..', 'apps', 'conductor', 'src', 'main.ts');
const READY_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 30_000;
/** The readiness poll's exit signal: ServiceProcess offers none that does not also kill; a conductor that dies shows as a timeout. */
const NEVER = new Promise<never>(() => undefined);

export interface TracingShape {
  readonly rounds: number;
  readonly requestsPerPhase: number;
  readonly concurrency: number;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

interface Conductor {
  readonly side: TracingSide;
  readonly process: ServiceProcess;
  readonly client: OpenAI;
}

interface PhaseResult {
  readonly latenciesMs: number[];
  readonly cpuMs: number;
}

/**
 * What tracing costs the conductor: one cluster of instances (SCALE_OUT_CLUSTER: the simulated
 * engine with no modelled time, so the conductor's own work dominates) and three conductor
 * processes over it with the same flags but for tracing (tracing-sides.ts): off, sample ratio 1
 * and ratio 0.01, both exporting OTLP/JSON to a receiver in this process. Rounds of one phase per
 * side in rotating order, each phase the same count of distinct streamed completions; the
 * conductor's CPU per request (process_cpu_seconds_total over the phase) and each request's
 * latency to its last chunk.
 */
export function measureTracingOverhead(shape: TracingShape) {
  return withServiceLogs('tsukimi-bench-tracing-', async (logDir) => {
    const receiver = await OtlpJsonReceiver.start();
    const cluster = await startLocalCluster({ ...SCALE_OUT_CLUSTER, logDir, onEvent: (event) => progress(describeEvent(event)) });
    const conductors: Conductor[] = [];
    try {
      const prefill = cluster.services.find((s) => s.role === 'prefill');
      const base = secondConductorArgs(prefill && grpcAddress(prefill), grpcAddress(service(cluster, 'decode')), grpcAddress(service(cluster, 'kvpool')));
      for (const side of TRACING_SIDES) {
        const process = await ServiceProcess.start({ entry: CONDUCTOR_MAIN, args: [...sideArgs(base, side, receiver.endpoint)], startTimeoutMs: READY_TIMEOUT_MS });
        conductors.push({ side, process, client: new OpenAI({ baseURL: `http://127.0.0.1:${process.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: CALL_TIMEOUT_MS }) });
        await ready(process);
      }
      return await rounds(conductors, receiver, cluster.modelName, shape);
    } finally {
      for (const c of conductors) c.process.signal('SIGTERM');
      for (const c of conductors) await c.process.waitForExit(20_000).catch(() => c.process.kill());
      await cluster.stop();
      await receiver.close();
    }
  });
}

async function rounds(conductors: readonly Conductor[], receiver: OtlpJsonReceiver, model: string, shape: TracingShape) {
  let next = 0;
  const phase = async (c: Conductor): Promise<PhaseResult> => {
    const first = next;
    next += shape.requestsPerPhase;
    const cpuBefore = await cpuSeconds(c.process.httpPort);
    const latenciesMs: number[] = [];
    let i = first;
    const worker = async () => {
      while (i < first + shape.requestsPerPhase) {
        const prompt = (JSON.parse(requestBody(i++, shape, model)) as { prompt: number[] }).prompt;
        latenciesMs.push(await timeThroughConductor(c.client, { model, promptTokens: prompt, maxTokens: shape.maxTokens }));
      }
    };
    await Promise.all(Array.from({ length: shape.concurrency }, worker));
    return { latenciesMs, cpuMs: ((await cpuSeconds(c.process.httpPort)) - cpuBefore) * 1000 };
  };
  progress(`warm-up: one phase per side of ${shape.requestsPerPhase} requests`);
  for (const c of conductors) await phase(c);
  const loadAtStart = os.loadavg()[0]!;
  const spansAtStart = receiver.spans.length;
  const results = new Map<TracingSide['name'], PhaseResult[]>(conductors.map((c) => [c.side.name, []]));
  const startMs = nowMs();
  for (let r = 0; r < shape.rounds; r++) {
    for (const c of roundOrder(r, conductors)) {
      const result = await phase(c);
      results.get(c.side.name)!.push(result);
      progress(`round ${r + 1} ${c.side.name}: latency p50 ${round(median(result.latenciesMs), 2)} ms, CPU ${round(result.cpuMs / shape.requestsPerPhase, 3)} ms/request, load ${os.loadavg()[0]!.toFixed(2)}`);
    }
  }
  return summary(results, shape, { seconds: round((nowMs() - startMs) / 1000, 1), spans: receiver.spans.length - spansAtStart, refused: receiver.refused.length, load: [round(loadAtStart, 2), round(os.loadavg()[0]!, 2)] });
}

function summary(results: ReadonlyMap<TracingSide['name'], PhaseResult[]>, shape: TracingShape, run: { seconds: number; spans: number; refused: number; load: number[] }) {
  const of = (name: TracingSide['name']) => results.get(name)!;
  const cpuPerRequest = (name: TracingSide['name']) => median(of(name).map((p) => p.cpuMs / shape.requestsPerPhase));
  const latencies = (name: TracingSide['name']) => of(name).flatMap((p) => p.latenciesMs);
  const figures = Object.fromEntries(TRACING_SIDES.map(({ name }) => [name, {
    cpu_ms_per_request: round(cpuPerRequest(name), 3),
    cpu_ms_per_request_by_round: of(name).map((p) => round(p.cpuMs / shape.requestsPerPhase, 3)),
    latency_ms_p50: round(median(latencies(name)), 2),
    latency_ms_p99: round(quantile(latencies(name), 0.99), 2),
  }]));
  const ratio = (name: TracingSide['name'], key: 'cpu_ms_per_request' | 'latency_ms_p50' | 'latency_ms_p99') => round(figures[name]![key] / figures['off']![key], 3);
  const byRound = (name: TracingSide['name']) => of(name).map((p, r) => round(p.cpuMs / of('off')[r]!.cpuMs, 3));
  return {
    tracing: figures,
    // Each side's figure over tracing off's, same run: above 1, tracing costs that much more (CPU per request, or slower).
    tracing_cpu_per_request_ratio_on_over_off: { ratio_1: ratio('ratio_1', 'cpu_ms_per_request'), 'ratio_0.01': ratio('ratio_0.01', 'cpu_ms_per_request') },
    // The same, round by round (the sides of a round run back to back): the spread says how far to trust the medians.
    tracing_cpu_per_request_ratio_by_round: { ratio_1: byRound('ratio_1'), 'ratio_0.01': byRound('ratio_0.01') },
    tracing_latency_p50_ratio_on_over_off: { ratio_1: ratio('ratio_1', 'latency_ms_p50'), 'ratio_0.01': ratio('ratio_0.01', 'latency_ms_p50') },
    tracing_latency_p99_ratio_on_over_off: { ratio_1: ratio('ratio_1', 'latency_ms_p99'), 'ratio_0.01': ratio('ratio_0.01', 'latency_ms_p99') },
    tracing_spans_received: run.spans,
    tracing_exports_refused: run.refused,
    tracing_run_seconds: run.seconds,
    tracing_load_average_1m: run.load,
    tracing_shape: { ...shape, cpus: os.cpus().length },
  };
}

/** The conductor's CPU seconds so far (prom-client's own counter, read over HTTP: the same read on every side). */
async function cpuSeconds(port: number): Promise<number> {
  return sampleValue((await httpGet(port, '/metrics')).body, 'process_cpu_seconds_total') ?? NaN;
}

/** Resolves once the conductor's /readyz answers 200: it routes to the cluster's instances. */
async function ready(conductor: ServiceProcess): Promise<void> {
  const outcome = await pollUntil(() => answers200(`http://127.0.0.1:${conductor.httpPort}/readyz`), nowMs() + READY_TIMEOUT_MS, NEVER);
  if (outcome !== 'ready') throw new Error(`the conductor on port ${conductor.httpPort} did not become ready (${outcome})`);
}
