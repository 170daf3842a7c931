import * as fs from 'node:fs';
import { type CliCommand, UsageError } from '../cli-command';
import { describeEvent, describeExit } from '../cluster/cluster.events';
import { ClusterStartError } from '../cluster/cluster-start.error';
import { startLocalCluster } from '../cluster/local-cluster';
import { parseUpArgs } from './up.options';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `tsukimi up`: a whole cluster on this machine (kvpool, prefill and decode instances, the
 * conductor) as child processes, until Ctrl-C. Prints `ready` on its own line once the
 * OpenAI API answers, so scripts can wait for it.
 */
export const upCommand: CliCommand = {
  path: ['up'],
  summary: 'Start a local cluster (kvpool, prefill, decode, conductor) serving the OpenAI API',
  async run(argv) {
    const parsed = parseUpArgs(argv, process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const { modelPath } = parsed.options;
    if (modelPath !== undefined && !fs.existsSync(modelPath)) throw new UsageError(`--model ${modelPath}: no such file`);

    const interrupted = new AbortController();
    let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
    const signalled = new Promise<NodeJS.Signals>((resolve) => {
      onSignal = (signal) => {
        // Later signals are ignored: the stop in progress ends with SIGKILL for any service that hangs.
        if (interrupted.signal.aborted) return;
        say(`${signal}: stopping`);
        interrupted.abort();
        resolve(signal);
      };
    });
    for (const signal of SIGNALS) process.on(signal, onSignal);
    try {
      return await runCluster(parsed.options, interrupted.signal, signalled);
    } finally {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    }
  },
};

async function runCluster(options: Parameters<typeof startLocalCluster>[0], interrupted: AbortSignal, signalled: Promise<NodeJS.Signals>): Promise<number> {
  let cluster;
  try {
    cluster = await startLocalCluster({ ...options, signal: interrupted, onEvent: (event) => say(describeEvent(event)) });
  } catch (error) {
    if (!(error instanceof ClusterStartError)) throw error;
    if (error.code === 'aborted') return 0;
    process.stderr.write(`tsukimi up: ${error.message}\n`);
    const { lastLines, logFile } = error.details;
    if (lastLines?.length) process.stderr.write(`last lines of ${logFile}:\n${lastLines.map((line) => `  ${line}`).join('\n')}\n`);
    return 1;
  }
  say(`OpenAI API at ${cluster.endpoint}`);
  say(`model ${cluster.modelName}`);
  say('ready');
  // With restarts on, a service's death is reported and handled as it happens; only a signal ends the run.
  const outcome = await Promise.race([signalled.then(() => undefined), cluster.unexpectedExit]);
  if (outcome) process.stderr.write(`tsukimi up: ${outcome.service} exited unexpectedly (${describeExit(outcome)}); stopping the rest\n`);
  await cluster.stop();
  return outcome ? 1 : 0;
}
