import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { conductorArgs } from './conductor.args';
import { measureConductorOverhead } from './conductor-overhead.measure';
import { measureScheduling } from './conductor-scheduling.measure';
import { measureScaleOut } from './conductor-scale-out.measure';
import { measureIdleConductor } from './conductor-idle.measure';
import { measureRouterFloor } from './router-floor.measure';
import { CONDUCTOR_WARM_UP } from './warm-up.settle';

/**
 * `tsukimi bench conductor [--json] [--skip-overhead] [--skip-scheduling] [--skip-scale-out] [--skip-idle]
 * [--skip-floor] [--rounds N]`, five parts in one JSON object:
 *
 * - scheduling (`decisions_per_s`, `decision_us_*`, …): decisions one process makes per second on
 *   64 prefill and 64 decode instances, in this process, no services (conductor-scheduling.measure.ts);
 * - overhead (`overhead_ms_p50`, `overhead_ms_p99`, `conductor_cpu_ms_per_request`, `conductor_idle_cpu_ms_per_s`, …): the
 *   conductor's added latency per request, on a local cluster of 1 prefill, 1 decode and 1 kvpool,
 *   as conductor time minus direct time over N pairs (default 200) of the same request, 64-token
 *   prompt and 32 output tokens, sent straight to the instances over gRPC and through the
 *   conductor's OpenAI API (conductor-overhead.measure.ts).
 *
 * - scale-out (`requests_per_s_1_process`, `requests_per_s_2_processes` and their ratio, …): requests
 *   per second through one conductor process and through two over the same cluster (1 prefill,
 *   1 decode on the simulated engine with no modelled time, 1 kvpool), phases of each in ABBA order,
 *   `--scale-out-rounds` rounds (default 3) of `--scale-out-seconds` (default 8) each, with every
 *   process's CPU per request (conductor-scale-out.measure.ts).
 *
 * - idle (`idle_cpu_ms_per_s`, its windows): the conductor's CPU per second with no requests, on a
 *   local cluster of 2 prefill, 2 decode and 1 kvpool, after 10 s to settle, the median of 5 windows
 *   of 4 s (conductor-idle.measure.ts).
 *
 * - router floor (`router_floor_cpu_ms_per_request`, `ratio_conductor_cpu_over_floor`, …): the same
 *   request through the conductor and through the least a Node front door does for it (a plain
 *   `node:http` proxy over the instances' relays, its own process), in turn on one such cluster;
 *   each process's CPU per request, and the conductor's over the floor's (router-floor.measure.ts).
 *
 * Each `--skip-<part>` leaves that part out: the scheduling part alone, with no services started, is
 * `--skip-overhead --skip-scale-out --skip-idle --skip-floor`.
 */
/** The scale-out part's requests: the overhead part's prompt and output, enough in flight to keep two conductor processes busy. */
const SCALE_OUT_REQUESTS = { concurrency: 32, promptTokens: 64, maxTokens: 32 };

/** Long enough past start-up for the first probes, model cards and compilation to be over. */
const IDLE_SHAPE = { settleMs: 10_000, windows: 5, windowMs: 4_000 };

async function main(options: BenchValues<typeof conductorArgs.options>): Promise<void> {
  const scheduling = options.skipScheduling ? {} : measureScheduling();
  const overhead = !options.skipOverhead ? await measureConductorOverhead({ rounds: options.rounds, warmUp: CONDUCTOR_WARM_UP, promptTokens: 64, maxTokens: 32 }) : {};
  const scaleOut = !options.skipScaleOut ? await measureScaleOut({ rounds: options.scaleOutRounds, phaseMs: options.scaleOutSeconds * 1000, ...SCALE_OUT_REQUESTS }) : {};
  const idle = !options.skipIdle ? await measureIdleConductor(IDLE_SHAPE) : {};
  const floor = !options.skipFloor ? await measureRouterFloor({ rounds: options.rounds, warmUp: CONDUCTOR_WARM_UP, promptTokens: 64, maxTokens: 32 }) : {};
  process.stdout.write(`${JSON.stringify({ ...scheduling, ...overhead, ...scaleOut, ...idle, ...floor })}\n`);
}

runBench(conductorArgs, main);
