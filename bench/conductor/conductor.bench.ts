import { ClusterStartError } from '../../apps/cli/src/cluster/cluster-start.error';
import { measureConductorOverhead } from './conductor-overhead.measure';
import { measureScheduling } from './conductor-scheduling.measure';

/**
 * `tsukimi bench conductor [--json] [--skip-overhead] [--skip-scheduling] [--rounds N]`, two parts
 * in one JSON object:
 *
 * - scheduling (`decisions_per_s`, `decision_us_*`, …): decisions one process makes per second on
 *   64 prefill and 64 decode instances, in this process, no services (conductor-scheduling.measure.ts);
 * - overhead (`overhead_ms_p50`, `overhead_ms_p99`, `conductor_cpu_ms_per_request`, `conductor_idle_cpu_ms_per_s`, …): the
 *   conductor's added latency per request, on a local cluster of 1 prefill, 1 decode and 1 kvpool,
 *   as conductor time minus direct time over N pairs (default 200) of the same request, 64-token
 *   prompt and 32 output tokens, sent straight to the instances over gRPC and through the
 *   conductor's OpenAI API (conductor-overhead.measure.ts).
 *
 * `--skip-overhead` runs the scheduling part alone (no services started); `--skip-scheduling` the
 * overhead part alone.
 */
interface BenchOptions {
  readonly scheduling: boolean;
  readonly overhead: boolean;
  readonly rounds: number;
}

function parseOptions(args: readonly string[]): BenchOptions {
  const known = ['--json', '--skip-overhead', '--skip-scheduling', '--rounds'];
  const unknown = args.filter((a, i) => !known.includes(a) && args[i - 1] !== '--rounds');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; options: ${known.join(', ')}`);
  const at = args.indexOf('--rounds');
  const rounds = at >= 0 ? Number(args[at + 1]) : 200;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number of at least 1');
  return { scheduling: !args.includes('--skip-scheduling'), overhead: !args.includes('--skip-overhead'), rounds };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scheduling = options.scheduling ? measureScheduling() : {};
  const overhead = options.overhead ? await measureConductorOverhead({ rounds: options.rounds, warmUpRounds: 10, promptTokens: 64, maxTokens: 32 }) : {};
  process.stdout.write(`${JSON.stringify({ ...scheduling, ...overhead })}\n`);
}

main().catch((error: unknown) => {
  const lastLines = error instanceof ClusterStartError ? (error.details.lastLines ?? []).map((line) => `  ${line}\n`).join('') : '';
  process.stderr.write(`bench conductor failed: ${error instanceof Error ? error.stack : String(error)}\n${lastLines}`);
  process.exit(1);
});
