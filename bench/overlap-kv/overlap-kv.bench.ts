import OpenAI from 'openai';
import { ClusterUnderTest } from '../../apps/conductor/test/cluster-under-test';
import { sideOptions } from './overlap-kv.sides';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, progress, round } from '../lib/bench-stats';
import { overlapKvArgs } from './overlap-kv.args';
import { processCpuSeconds } from '../lib/process-cpu';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { type StreamTiming, timeStreamedCompletion } from '../e2e/streamed-completion';

/**
 * `tsukimi bench overlap-kv [--json] [--trials N] [--prompt-tokens N] [--chunk-tokens N] [--one-session]`: what overlapped KV
 * streaming saves a disaggregated request, on the reference engine.
 *
 * Two clusters run side by side on the same machine, each one kvpool, one prefill, one decode and
 * a conductor (`--disaggregation always`), identical but for `--overlap-kv` on the prefill and the
 * conductor: off (compute the whole prompt, store its blocks, then decode loads them: the path as
 * it was) and on (each chunk's blocks stored as it completes, decode loading them meanwhile). Each
 * trial sends one fresh prompt (default 2000 tokens, 4 greedy output tokens) to both, the order
 * alternating by trial, after one untimed warm-up trial. The figure is TTFT plus the first
 * inter-token gap (where the KV handoff lands: the first token leaves before it), measured at the
 * client; the ratio is the medians' on over off: below 1, overlap is faster. Each service runs
 * in a session of its own, as `tsukimi up` runs them; `--one-session` runs all in the bench's.
 * Each side also reports its services' CPU (user + system, /proc) per timed request, from the first
 * timed trial to the last: what overlap adds in all, whichever process it lands on.
 */
type BenchOptions = BenchValues<typeof overlapKvArgs.options>;

const MAX_TOKENS = 4;

interface Side {
  readonly name: 'off' | 'on';
  readonly cluster: ClusterUnderTest;
  readonly client: OpenAI;
  readonly handoffMs: number[];
  readonly ttftMs: number[];
  readonly gapMs: number[];
}

async function startSide(name: 'off' | 'on', options: BenchOptions): Promise<Side> {
  const cluster = await ClusterUnderTest.start(sideOptions(name, options.chunkTokens, options.oneSession));
  const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 120_000 });
  return { name, cluster, client, handoffMs: [], ttftMs: [], gapMs: [] };
}

const SERVICES = ['kvpool', 'prefill', 'decode', 'conductor'] as const;
type ServiceCpu = Record<(typeof SERVICES)[number], number>;

/** CPU seconds each of the side's services has used so far (NaN for one that is gone). */
function cpuSeconds(cluster: ClusterUnderTest): ServiceCpu {
  const pids = { kvpool: cluster.kvpool, prefill: cluster.prefill[0]!, decode: cluster.decode[0]!, conductor: cluster.conductor };
  return Object.fromEntries(SERVICES.map((name) => [name, processCpuSeconds(pids[name].child.pid ?? -1) ?? Number.NaN])) as ServiceCpu;
}

function cpuMsPerRequest(before: ServiceCpu, after: ServiceCpu, requests: number): ServiceCpu {
  return Object.fromEntries(SERVICES.map((name) => [name, round(((after[name] - before[name]) * 1000) / requests, 1)])) as ServiceCpu;
}

function summary(side: Side, cpu: ServiceCpu) {
  return {
    ttft_ms_median: round(median(side.ttftMs), 1),
    first_gap_ms_median: round(median(side.gapMs), 1),
    ttft_plus_first_gap_ms_median: round(median(side.handoffMs), 1),
    cpu_ms_per_request: cpu,
  };
}

async function main(options: BenchOptions): Promise<void> {
  const sides: Side[] = [];
  // Services in sessions of their own do not get the terminal's signals: stop them before leaving.
  const stopOnSignal = () => void Promise.all(sides.map((side) => side.cluster.stop())).finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    sides.push(await startSide('off', options), await startSide('on', options));
    const [off, on] = sides as [Side, Side];
    const random = seededRandom(11);
    let sameText = 0;
    const cpuFrom = new Map<Side, ServiceCpu>();
    for (let trial = -1; trial < options.trials; trial++) {
      if (trial === 0) for (const side of sides) cpuFrom.set(side, cpuSeconds(side.cluster));
      const prompt = randomText(random, options.promptTokens);
      const order = trial % 2 === 0 ? [off, on] : [on, off];
      const timed = new Map<Side, StreamTiming>();
      for (const side of order) timed.set(side, await timeStreamedCompletion(side.client, { model: side.cluster.modelId, prompt, maxTokens: MAX_TOKENS }));
      if (trial < 0) continue;
      for (const [side, t] of timed) {
        side.ttftMs.push(t.ttftMs);
        side.gapMs.push(t.gapsMs[0] ?? 0);
        side.handoffMs.push(t.ttftMs + (t.gapsMs[0] ?? 0));
      }
      if (timed.get(on)!.firstText === timed.get(off)!.firstText) sameText++;
      progress(`trial ${trial + 1}/${options.trials}: TTFT + first gap, off ${round(off.handoffMs.at(-1)!, 1)} ms, on ${round(on.handoffMs.at(-1)!, 1)} ms`);
    }
    const cpu = (side: Side) => cpuMsPerRequest(cpuFrom.get(side)!, cpuSeconds(side.cluster), options.trials);
    const [cpuOff, cpuOn] = [cpu(off), cpu(on)];
    const prefetchedBlocks = await on.cluster.metricSum(on.cluster.decode, 'tsukimi_instance_prefetched_blocks_total');
    process.stdout.write(
      `${JSON.stringify({
        prompt_tokens: options.promptTokens,
        chunk_tokens: options.chunkTokens,
        one_session: options.oneSession,
        trials: options.trials,
        overlap_off: summary(off, cpuOff),
        overlap_on: { ...summary(on, cpuOn), decode_prefetched_blocks: prefetchedBlocks },
        same_first_text_trials: sameText,
        ttft_plus_first_gap_ratio_on_over_off: round(median(on.handoffMs) / median(off.handoffMs), 3),
      })}\n`,
    );
  } finally {
    await Promise.all(sides.map((side) => side.cluster.stop()));
  }
}

runBench(overlapKvArgs, main);
