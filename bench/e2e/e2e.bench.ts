import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { generateTinyModel } from '@tsukimi/llama-model';
import { type ClusterEvent, describeEvent } from '../../apps/cli/src/cluster/cluster.events';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, nowMs, progress, quantile, round } from '../lib/bench-stats';
import { e2eArgs } from './e2e.args';
import { randomText, seededRandom, sharedPrefixWorkload } from './e2e.workload';
import { type StreamTiming, timeStreamedCompletion } from './streamed-completion';
import { DISAGG_VS_LOCAL_MODEL, DISAGG_VS_LOCAL_PROMPT_TOKENS, disaggVsLocalPhase } from './disagg-vs-local.measure';
import { onInterruptibleCluster } from './interruptible-cluster';
import { LocalLlamaCpp } from './local-llamacpp.client';
import { sharedPrefixBurstPhase } from './shared-prefix-burst.measure';
import { llamaCppInstanceSettings } from './local-llamacpp.settings';

/**
 * `tsukimi bench e2e [--json] [--phase all|load|burst] [--engine reference|llamacpp] [--requests N]
 * [--concurrency C] [--trials T] [--burst-requests N] [--burst-concurrency C]`. Phase `load`: a local cluster (2 prefill, 2 decode, 1 kvpool) driven through the official
 * OpenAI client. First concurrent streamed completions over prompts sharing a per-group prefix
 * (TTFT, time between tokens, throughput); then, one request at a time so queueing cannot
 * distort it, the TTFT of a prompt whose first 90% is cached against a cold prompt of the same
 * length. With `--engine llamacpp` the instances run llama.cpp on the tiny model with a 4096-token
 * context, and a last phase compares the TTFT of fresh 2k-token prompts through the services with
 * llama.cpp alone in one process (same model file and context settings as the instances).
 * Phase `burst` (reference engine): a burst over a few shared prefixes on six clusters, one for
 * each `--disaggregation` mode with pool replication off and on, reporting each one's cached
 * share and goodput under SLOs set from requests sent alone (see shared-prefix-burst.measure.ts).
 */
type BenchOptions = BenchValues<typeof e2eArgs.options>;
const GROUPS = 4;
const PREFIX_TOKENS = 300;
const SUFFIX_TOKENS = 50;
const MAX_TOKENS = 32;
const RATIO_PROMPT_TOKENS = 800;
const RATIO_CACHED_TOKENS = 720;
const RATIO_MAX_TOKENS = 4;

async function sharedPrefixPhase(client: OpenAI, model: string, { requests, concurrency }: BenchOptions) {
  const { prompts } = sharedPrefixWorkload(seededRandom(1), { requests, groups: GROUPS, prefixTokens: PREFIX_TOKENS, suffixTokens: SUFFIX_TOKENS });
  const timings: StreamTiming[] = [];
  let next = 0;
  const worker = async () => {
    while (next < prompts.length) {
      const prompt = prompts[next++]!;
      timings.push(await timeStreamedCompletion(client, { model, prompt, maxTokens: MAX_TOKENS }));
      if (timings.length % 16 === 0) progress(`${timings.length}/${prompts.length} requests`);
    }
  };
  const startMs = nowMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedS = (nowMs() - startMs) / 1000;
  const ttfts = timings.map((t) => t.ttftMs);
  const gaps = timings.flatMap((t) => t.gapsMs);
  const tokens = timings.reduce((sum, t) => sum + t.completionTokens, 0);
  return {
    ttft_ms_p50: round(quantile(ttfts, 0.5), 1),
    ttft_ms_p99: round(quantile(ttfts, 0.99), 1),
    tbt_ms_p50: round(quantile(gaps, 0.5), 2),
    tbt_ms_p99: round(quantile(gaps, 0.99), 2),
    requests_per_s: round(prompts.length / elapsedS, 2),
    tokens_per_s: round(tokens / elapsedS, 0),
    requests: prompts.length,
    concurrency,
  };
}

/** Cold and cached prompts interleaved trial by trial, so that drift hits both alike. */
async function cachedPrefixPhase(client: OpenAI, model: string, trials: number) {
  const random = seededRandom(2);
  const ttft = async (prompt: string) => (await timeStreamedCompletion(client, { model, prompt, maxTokens: RATIO_MAX_TOKENS })).ttftMs;
  const cold: number[] = [];
  const cached: number[] = [];
  const suffixTokens = RATIO_PROMPT_TOKENS - RATIO_CACHED_TOKENS;
  for (let trial = 0; trial < trials; trial++) {
    cold.push(await ttft(randomText(random, RATIO_PROMPT_TOKENS)));
    const prefix = randomText(random, RATIO_CACHED_TOKENS);
    await ttft(prefix + randomText(random, suffixTokens));
    cached.push(await ttft(prefix + randomText(random, suffixTokens)));
    progress(`trial ${trial + 1}/${trials}: cold ${round(cold[trial]!, 1)} ms, cached ${round(cached[trial]!, 1)} ms`);
  }
  return {
    ttft_ms_cold_p50: round(median(cold), 1),
    ttft_ms_cached_p50: round(median(cached), 1),
    ttft_ratio_cached_over_cold: round(median(cached) / median(cold), 3),
  };
}

/** The llama.cpp runs' model: the tiny one with a context long enough for the 2k-token prompts; the reference runs keep the cached default. */
function benchModel(dir: string, engine: BenchOptions['engine']): string | undefined {
  if (engine !== 'llamacpp') return undefined;
  const modelPath = path.join(dir, 'tiny-ctx4096.gguf');
  fs.writeFileSync(modelPath, generateTinyModel(DISAGG_VS_LOCAL_MODEL));
  return modelPath;
}

async function localPhase(client: OpenAI, model: string, modelPath: string, trials: number) {
  const settings = llamaCppInstanceSettings(modelPath, process.env);
  progress(`llama.cpp alone: ${settings.threads} thread, KV ${settings.kvDtype}, flash attention ${settings.flashAttention ? 'on' : 'off'}, context ${settings.contextTokens}, batch ${settings.batchTokens}`);
  const local = await LocalLlamaCpp.start(settings);
  try {
    progress(`${DISAGG_VS_LOCAL_PROMPT_TOKENS}-token prompts one at a time: through the services, and llama.cpp alone in one process`);
    return await disaggVsLocalPhase(client, model, local, { promptTokens: DISAGG_VS_LOCAL_PROMPT_TOKENS, trials, maxTokens: RATIO_MAX_TOKENS });
  } finally {
    await local.close();
  }
}

function benchCluster(modelPath: string | undefined, bench: BenchOptions): Promise<Record<string, unknown>> {
  const { engine } = bench;
  const options = {
    prefill: 2,
    decode: 2,
    kvpool: 1,
    port: 0,
    engine,
    // Every prompt through a prefill instance and its KV handoff: the ratio measures what
    // disaggregation costs against one llama.cpp process, which `auto` would skip for short
    // uncached parts.
    disaggregation: 'always' as const,
    ...(modelPath ? { modelPath } : {}),
    onEvent: (event: ClusterEvent) => progress(describeEvent(event)),
  };
  return onInterruptibleCluster(options, async (cluster) => {
    progress(`cluster ready at ${cluster.endpoint} (${cluster.modelName}, engine ${engine})`);
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0 });
    const warmUp = seededRandom(3);
    for (let i = 0; i < 2; i++) await timeStreamedCompletion(client, { model: cluster.modelName, prompt: randomText(warmUp, 200), maxTokens: 8 });
    progress(`${bench.requests} streamed completions at concurrency ${bench.concurrency}: ${GROUPS} groups sharing a ${PREFIX_TOKENS}-token prefix, ${SUFFIX_TOKENS}-token suffixes, ${MAX_TOKENS} tokens each`);
    const load = await sharedPrefixPhase(client, cluster.modelName, bench);
    progress(`TTFT p50 ${load.ttft_ms_p50} ms, p99 ${load.ttft_ms_p99} ms; TBT p50 ${load.tbt_ms_p50} ms, p99 ${load.tbt_ms_p99} ms; ${load.requests_per_s} requests/s`);
    progress(`${RATIO_PROMPT_TOKENS}-token prompts one at a time: cold, and with the first ${RATIO_CACHED_TOKENS} tokens sent before`);
    const ratio = await cachedPrefixPhase(client, cluster.modelName, bench.trials);
    const local = modelPath ? await localPhase(client, cluster.modelName, modelPath, bench.trials) : {};
    return { engine, model: cluster.modelName, ...load, ...ratio, ...local };
  });
}

async function main(options: BenchOptions): Promise<void> {
  const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-e2e-model-'));
  // On exit rather than in a finally: an interrupt ends the process from the signal handler.
  process.once('exit', () => fs.rmSync(modelDir, { recursive: true, force: true }));
  const load = options.phase === 'burst' ? {} : await benchCluster(benchModel(modelDir, options.engine), options);
  const burst = options.phase === 'load' || options.engine !== 'reference' ? {} : await sharedPrefixBurstPhase({
    requests: options.burstRequests,
    concurrency: options.burstConcurrency,
    prefixes: 4,
    prefixTokens: 768,
    suffixTokens: 32,
    maxTokens: 12,
    baselineRequests: 5,
    sloMultiples: [2, 5],
  });
  process.stdout.write(`${JSON.stringify({ ...load, ...burst })}\n`);
}

runBench(e2eArgs, main);
