import OpenAI from 'openai';
import { type DisaggregationMode } from '@tsukimi/conductor';
import { httpGet, sampleValue } from '@tsukimi/service-kit/testing';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { nowMs, progress, round } from '../lib/bench-stats';
import { aloneBaseline, type BurstSlo, summarizeBurst } from './burst.goodput';
import { burstSide, type Replication } from './burst.sides';
import { randomText, seededRandom, sharedPrefixWorkload } from './e2e.workload';
import { onInterruptibleCluster } from './interruptible-cluster';
import { type StreamTiming, timeStreamedCompletion } from './streamed-completion';

export interface BurstOptions {
  readonly requests: number;
  readonly concurrency: number;
  readonly prefixes: number;
  readonly prefixTokens: number;
  readonly suffixTokens: number;
  readonly maxTokens: number;
  /** Requests sent alone, one after another, for the SLO baseline. */
  readonly baselineRequests: number;
  /** SLOs as these multiples of the baseline, each giving its own goodput. */
  readonly sloMultiples: readonly number[];
}

/** Counters that show what replication did during one configuration's burst. */
async function replicationCounters(cluster: LocalCluster) {
  const series = async (role: string, name: string) => {
    const service = cluster.services.find((s) => s.role === role && (role !== 'kvpool' || s.name === 'kvpool-master'));
    return service ? sampleValue((await httpGet(service.httpPort, '/metrics')).body, name) ?? 0 : 0;
  };
  return {
    hot_replications: await series('kvpool', 'tsukimi_kvpool_replications_total{reason="hot"}'),
    warm_copies_sent: await series('conductor', 'tsukimi_scheduler_warm_copies_total{reason="sent"}'),
    warm_copies_no_room: await series('conductor', 'tsukimi_scheduler_warm_copies_total{reason="no-room"}'),
  };
}

/** The burst: every prompt sent by `concurrency` clients at once, each taking the next when its last answers. */
async function burst(client: OpenAI, model: string, prompts: readonly string[], options: BurstOptions, label: string) {
  const timings: (StreamTiming | undefined)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < prompts.length) {
      const prompt = prompts[next++]!;
      timings.push(await timeStreamedCompletion(client, { model, prompt, maxTokens: options.maxTokens }).catch(() => undefined));
      if (timings.length % 8 === 0) progress(`${label}: ${timings.length}/${prompts.length} requests`);
    }
  };
  const startMs = nowMs();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { timings, elapsedS: (nowMs() - startMs) / 1000 };
}

async function withCluster<T>(mode: DisaggregationMode, replication: Replication, run: (client: OpenAI, model: string, cluster: LocalCluster) => Promise<T>): Promise<T> {
  const side = burstSide(mode, replication);
  progress(`starting a cluster: --disaggregation ${mode}, replication ${replication}`);
  return onInterruptibleCluster({ ...side.cluster, env: { ...process.env, ...side.env } }, (cluster) =>
    run(new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0 }), cluster.modelName, cluster),
  );
}

/** Auto (the conductor's default) first: the SLO baseline is measured on it. */
const MODES: readonly DisaggregationMode[] = ['auto', 'always', 'never'];

/**
 * The shared-prefix burst under `--disaggregation never|always|auto`, each with pool replication
 * off and on: six clusters, one after another, alike but for those flags (`burstSide`), each sent
 * the same prompts. The SLOs are multiples of what requests sent alone to the first cluster (auto,
 * replication off) took, before its burst,
 * and hold for all six, so their goodputs compare.
 */
export async function sharedPrefixBurstPhase(options: BurstOptions) {
  const { prompts } = sharedPrefixWorkload(seededRandom(5), { requests: options.requests, groups: options.prefixes, prefixTokens: options.prefixTokens, suffixTokens: options.suffixTokens });
  let alone: BurstSlo | undefined;
  const configurations: Record<string, unknown>[] = [];
  for (const mode of MODES) {
    for (const replication of ['off', 'on'] as const) {
      const label = `${mode}, replication ${replication}`;
      configurations.push(
        await withCluster(mode, replication, async (client, model, cluster) => {
          alone ??= await baseline(client, model, options);
          const { timings, elapsedS } = await burst(client, model, prompts, options, label);
          const summary = summarizeBurst(timings, alone, options.sloMultiples, elapsedS);
          const counts: Record<string, number> = summary;
          const within = options.sloMultiples.map((m) => `${counts[`within_slo_${m}x`]} at ${m}x`).join(', ');
          progress(`${label}: cached share ${summary.cached_share}, within both SLOs ${within} of ${summary.requests}, TTFT p50 ${summary.ttft_ms_p50} ms, p90 ${summary.ttft_ms_p90} ms`);
          return { disaggregation: mode, replication, ...summary, ...(await replicationCounters(cluster)) };
        }),
      );
    }
  }
  return {
    burst: {
      requests: options.requests,
      concurrency: options.concurrency,
      prefixes: options.prefixes,
      prefix_tokens: options.prefixTokens,
      suffix_tokens: options.suffixTokens,
      max_tokens: options.maxTokens,
      slo_multiples: options.sloMultiples,
      alone_ttft_ms_p50: round(alone?.ttftMs ?? NaN, 1),
      alone_longest_gap_ms_p50: round(alone?.tbtMs ?? NaN, 1),
      configurations,
    },
  };
}

/** Prompts of the burst's shape but their own prefixes, sent one at a time: what the cluster does unloaded. */
async function baseline(client: OpenAI, model: string, options: BurstOptions): Promise<BurstSlo> {
  const random = seededRandom(6);
  const alone: StreamTiming[] = [];
  await timeStreamedCompletion(client, { model, prompt: randomText(random, 200), maxTokens: options.maxTokens });
  for (let i = 0; i < options.baselineRequests; i++) {
    alone.push(await timeStreamedCompletion(client, { model, prompt: randomText(random, options.prefixTokens + options.suffixTokens), maxTokens: options.maxTokens }));
  }
  const medians = aloneBaseline(alone);
  progress(`baseline of ${alone.length} requests alone: TTFT ${round(medians.ttftMs, 1)} ms, longest gap ${round(medians.tbtMs, 1)} ms (medians); SLOs at ${options.sloMultiples.join('x, ')}x`);
  return medians;
}
