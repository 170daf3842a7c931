import * as fs from 'node:fs';
import { type LocalCluster, startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type ServiceRole } from '../../apps/cli/src/cluster/cluster.plan';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { nowMs, progress, quantile, round } from '../lib/bench-stats';
import { simClusterArgs } from './sim-cluster.args';
import { randomText, seededRandom } from '../e2e/e2e.workload';

/**
 * `tsukimi bench sim-cluster [--json] [--prefill N] [--decode N] [--instances-per-process K]
 * [--concurrency C] [--duration-s S] [--prompt-tokens T] [--max-tokens M]`: a local cluster of
 * many simulated instances (default 64 prefill and 64 decode, LLaMA3-70B on 8×A800 at time scale
 * 0.01, a process per instance unless K says otherwise), what it holds in memory, and the
 * completions per second the conductor serves it under closed-loop load.
 *
 * It starts the cluster as `tsukimi up --engine simulated` does, reads the resident memory of every
 * process (`VmRSS`, once per process however many instances it hosts) once all are ready, then
 * runs C clients for S seconds, each sending one fresh prompt after another and counting what
 * comes back. Prompts shorter than a block (16 tokens, the default 12) fill no block, so no KV
 * moves through the pool: the figure is the conductor and the instances' request path, not
 * loopback copies of 5 MiB blocks.
 */
type BenchOptions = BenchValues<typeof simClusterArgs.options>;

const READY_TIMEOUT_MS = 15 * 60_000;

/** Resident memory of one process in bytes, from /proc; 0 when it cannot be read. */
function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? 0 : Number(kib) * 1024;
  } catch {
    return 0;
  }
}

/** Resident memory by role, one figure per process: the instances a process hosts share its memory. */
function memoryByRole(cluster: LocalCluster) {
  const byRole = new Map<ServiceRole, number[]>();
  const pids = new Set<number | undefined>();
  for (const s of cluster.services) {
    if (pids.has(s.pid)) continue;
    pids.add(s.pid);
    byRole.set(s.role, [...(byRole.get(s.role) ?? []), residentBytes(s.pid)]);
  }
  const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
  const roles = Object.fromEntries([...byRole].map(([role, rss]) => [role, { processes: rss.length, rss_mib_total: mib(rss.reduce((a, b) => a + b, 0)), rss_mib_each_max: mib(Math.max(...rss)) }]));
  return { rss_mib_total: mib([...byRole.values()].flat().reduce((a, b) => a + b, 0)), by_role: roles };
}

interface LoadResult {
  ok: number;
  rejected: number;
  failed: number;
  readonly latencyMs: number[];
}

/** C clients in a closed loop for `durationS`: each sends its next request when the last one is answered. */
async function closedLoop(cluster: LocalCluster, options: BenchOptions): Promise<LoadResult & { elapsedS: number }> {
  const result: LoadResult = { ok: 0, rejected: 0, failed: 0, latencyMs: [] };
  const random = seededRandom(64);
  const endMs = nowMs() + options.durationS * 1000;
  const startMs = nowMs();
  let sent = 0;
  const client = async () => {
    while (nowMs() < endMs) {
      const prompt = `${sent++} ${randomText(random, options.promptTokens)}`.slice(0, options.promptTokens);
      const body = JSON.stringify({ model: cluster.modelName, prompt, max_tokens: options.maxTokens, temperature: 0 });
      const sentMs = nowMs();
      try {
        const response = await fetch(`${cluster.endpoint}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(60_000) });
        await response.arrayBuffer();
        if (response.status === 200) {
          result.ok++;
          result.latencyMs.push(nowMs() - sentMs);
        } else if (response.status === 429) result.rejected++;
        else {
          result.failed++;
          if (result.failed === 1) progress(`first failure: HTTP ${response.status}`);
        }
      } catch (error) {
        result.failed++;
        if (result.failed === 1) progress(`first failure: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { ...result, elapsedS: (nowMs() - startMs) / 1000 };
}

async function main(options: BenchOptions): Promise<void> {
  const startedMs = nowMs();
  let ready = 0;
  const cluster = await startLocalCluster({
    engine: 'simulated',
    prefill: options.prefill,
    decode: options.decode,
    instancesPerProcess: options.instancesPerProcess,
    port: 0,
    readyTimeoutMs: READY_TIMEOUT_MS,
    simulated: { timeScale: 0.01 },
    onEvent: (event) => {
      if (event.kind === 'service-ready' && ++ready % 16 === 0) progress(`${ready} services ready`);
      else if (event.kind !== 'service-ready') progress(describeEvent(event));
    },
  });
  try {
    const startS = (nowMs() - startedMs) / 1000;
    progress(`all ${cluster.services.length} services ready in ${round(startS, 1)} s`);
    const idle = memoryByRole(cluster);
    const load = await closedLoop(cluster, options);
    process.stdout.write(
      `${JSON.stringify({
        prefill: options.prefill,
        decode: options.decode,
        instances_per_process: options.instancesPerProcess,
        processes: new Set(cluster.services.map((s) => s.pid)).size,
        start_s: round(startS, 1),
        memory_idle: idle,
        memory_after_load: memoryByRole(cluster),
        load: { concurrency: options.concurrency, prompt_tokens: options.promptTokens, max_tokens: options.maxTokens, seconds: round(load.elapsedS, 1) },
        completed: load.ok,
        rejected_429: load.rejected,
        failed: load.failed,
        completions_per_s: round(load.ok / load.elapsedS, 1),
        latency_ms_p50: round(quantile(load.latencyMs, 0.5), 1),
        latency_ms_p99: round(quantile(load.latencyMs, 0.99), 1),
      })}\n`,
    );
  } finally {
    await cluster.stop();
  }
}

runBench(simClusterArgs, main);
