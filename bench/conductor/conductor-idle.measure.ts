import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { median, progress, round } from '../lib/bench-stats';
import { cpuMsPerSecond } from '../lib/process-cpu';
import { service } from './conductor-overhead.measure';

/** The cluster the idle conductor watches: two instances of each role, so that per-instance work shows. */
export const IDLE_CLUSTER = { prefill: 2, decode: 2, kvpool: 1, port: 0, disaggregation: 'always' } as const;

export interface IdleShape {
  /** Left alone after the cluster is ready, before the first window: start-up work (model cards, first probes, JIT) is not idle cost. */
  readonly settleMs: number;
  readonly windows: number;
  readonly windowMs: number;
}

/**
 * The conductor's CPU per second with nothing to serve (`idle_cpu_ms_per_s`): a local cluster of
 * 2 prefill, 2 decode and 1 kvpool, no requests, the conductor's own CPU (all threads, from
 * /proc) over several windows after it settled; the median window is the figure. What it spends
 * then is its background work: instance probes, the pool's index stream, the process metrics.
 */
export async function measureIdleConductor(shape: IdleShape) {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-conductor-idle-'));
  const cluster = await startLocalCluster({ ...IDLE_CLUSTER, logDir, onEvent: (event) => progress(describeEvent(event)) });
  try {
    const pid = service(cluster, 'conductor').pid;
    if (pid === undefined) throw new Error('the conductor has no process id');
    progress(`idle conductor on 2 + 2 instances: ${shape.settleMs} ms to settle, then ${shape.windows} windows of ${shape.windowMs} ms`);
    await setTimeout(shape.settleMs);
    const perWindow: number[] = [];
    for (let i = 0; i < shape.windows; i++) {
      const msPerS = await cpuMsPerSecond(pid, shape.windowMs);
      if (msPerS === null) throw new Error('the conductor exited while idle');
      perWindow.push(msPerS);
    }
    fs.rmSync(logDir, { recursive: true, force: true });
    return {
      idle_cpu_ms_per_s: round(median(perWindow), 2),
      idle_cpu_ms_per_s_windows: perWindow.map((ms) => round(ms, 2)),
      idle_instances: IDLE_CLUSTER.prefill + IDLE_CLUSTER.decode,
    };
  } finally {
    await cluster.stop();
  }
}
