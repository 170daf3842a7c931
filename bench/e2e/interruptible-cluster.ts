import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LocalCluster, startLocalCluster, type StartLocalClusterOptions } from '../../apps/cli/src/cluster/local-cluster';
import { progress } from '../lib/bench-stats';

/**
 * Runs `work` on a local cluster and stops it after. An interrupt (SIGINT, SIGTERM) stops it too,
 * during start-up or after, before this process exits: the services run in their own process
 * groups, so Ctrl-C does not reach them. Their logs go to a fresh directory, kept (and named on
 * stderr) only when `work` fails.
 */
export async function onInterruptibleCluster<T>(options: Omit<StartLocalClusterOptions, 'signal' | 'logDir'>, work: (cluster: LocalCluster) => Promise<T>): Promise<T> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-e2e-'));
  const interrupted = new AbortController();
  // Kept for every signal, not once: `tsukimi bench` forwards the Ctrl-C its child also got, and a
  // second, unhandled SIGINT would end this process before the services are stopped.
  const onSignal = () => interrupted.abort();
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const cluster = await startLocalCluster({ ...options, logDir, signal: interrupted.signal });
    interrupted.signal.addEventListener('abort', () => void cluster.stop().finally(() => process.exit(130)));
    let result: T;
    try {
      result = await work(cluster);
    } catch (error) {
      progress(`service logs kept in ${logDir}`);
      throw error;
    } finally {
      await cluster.stop();
    }
    fs.rmSync(logDir, { recursive: true, force: true });
    return result;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}
