import { ClusterStartError } from '../../apps/cli/src/cluster/cluster-start.error';
import { measureTracingOverhead } from './tracing-overhead.measure';

/**
 * `tsukimi bench tracing [--json] [--rounds N] [--requests N] [--concurrency N]`: the conductor's
 * CPU per request and latency with tracing off, at sample ratio 1 and at 0.01 (exporting OTLP to a
 * receiver in this process), three conductor processes over one cluster, `--rounds` rounds
 * (default 6) of one phase per side in rotating order, `--requests` streamed completions a phase
 * (default 200, 64-token prompts, 32 tokens out), `--concurrency` in flight (default 4). Prints one
 * JSON object (tracing-overhead.measure.ts).
 */
const VALUED = ['--rounds', '--requests', '--concurrency'];

function wholeNumber(args: readonly string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a, i) => a !== '--json' && !VALUED.includes(a) && !VALUED.includes(args[i - 1] ?? ''));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; options: --json, ${VALUED.join(', ')}`);
  const shape = { rounds: wholeNumber(args, '--rounds', 6), requestsPerPhase: wholeNumber(args, '--requests', 200), concurrency: wholeNumber(args, '--concurrency', 4), promptTokens: 64, maxTokens: 32 };
  process.stdout.write(`${JSON.stringify(await measureTracingOverhead(shape))}\n`);
}

main().catch((error: unknown) => {
  const lastLines = error instanceof ClusterStartError ? (error.details.lastLines ?? []).map((line) => `  ${line}\n`).join('') : '';
  process.stderr.write(`bench tracing failed: ${error instanceof Error ? error.message : String(error)}\n${lastLines}`);
  process.exit(1);
});
