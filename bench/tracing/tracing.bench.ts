import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { measureTracingOverhead } from './tracing-overhead.measure';
import { tracingArgs } from './tracing.args';

/**
 * `tsukimi bench tracing [--json] [--rounds N] [--requests N] [--concurrency N]`: the conductor's
 * CPU per request and latency with tracing off, at sample ratio 1 and at 0.01 (exporting OTLP to a
 * receiver in this process), three conductor processes over one cluster, `--rounds` rounds
 * (default 6) of one phase per side in rotating order, `--requests` streamed completions a phase
 * (default 200, 64-token prompts, 32 tokens out), `--concurrency` in flight (default 4). Prints one
 * JSON object (tracing-overhead.measure.ts).
 */
async function main({ rounds, requests, concurrency }: BenchValues<typeof tracingArgs.options>): Promise<void> {
  const shape = { rounds, requestsPerPhase: requests, concurrency, promptTokens: 64, maxTokens: 32 };
  process.stdout.write(`${JSON.stringify(await measureTracingOverhead(shape))}\n`);
}

runBench(tracingArgs, main);
