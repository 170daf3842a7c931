import type OpenAI from 'openai';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { type BurstSlo } from '../e2e/burst.goodput';
import { nowMs, progress, round } from '../lib/bench-stats';
import { processRssBytes } from '../pool/process-memory';
import { conductorCounters, countersDelta } from './conductor-counters';
import { runOpenLoop } from './open-loop.run';
import { openLoopPlan } from './overload.plan';
import { summarizeRun } from './overload.summary';
import { type RssSample, rssSlopeMibPerMin, secondHalf } from './rss-slope';

export interface SoakOptions {
  readonly durationS: number;
  readonly ratePerS: number;
  readonly sampleEveryS: number;
  readonly seed: number;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

const MIB = 1024 ** 2;

/** Every service process's RSS now; a process gone (or without /proc) is left out of this reading. */
function readRss(cluster: LocalCluster, atS: number, into: Map<string, RssSample[]>): void {
  for (const service of cluster.services) {
    if (service.pid === undefined) continue;
    try {
      const samples = into.get(service.name) ?? [];
      samples.push({ atS, rssBytes: processRssBytes(service.pid) });
      into.set(service.name, samples);
    } catch {
      continue;
    }
  }
}

/**
 * Steady open-loop load at `ratePerS` for `durationS`, reading every service's RSS every
 * `sampleEveryS`: per process, the first and last reading and the least-squares slope over the
 * second half (the first half is warm-up).
 */
export async function soak(client: OpenAI, model: string, cluster: LocalCluster, slo: BurstSlo, options: SoakOptions) {
  const plan = openLoopPlan({ seed: options.seed, ratePerS: options.ratePerS, requests: Math.ceil(options.ratePerS * options.durationS), promptTokens: options.promptTokens, maxTokens: options.maxTokens });
  const samples = new Map<string, RssSample[]>();
  const startMs = nowMs();
  const atS = () => (nowMs() - startMs) / 1000;
  readRss(cluster, 0, samples);
  const sampler = setInterval(() => readRss(cluster, atS(), samples), options.sampleEveryS * 1000);
  let lastProgressS = 0;
  const reporter = setInterval(() => {
    lastProgressS += 30;
    const rss = [...samples].map(([name, s]) => `${name} ${round(s[s.length - 1]!.rssBytes / MIB, 1)}`).join(', ');
    progress(`soak ${lastProgressS}/${options.durationS} s: RSS MiB ${rss}`);
  }, 30_000);
  try {
    const before = await conductorCounters(cluster);
    const run = await runOpenLoop(client, model, plan, 'soak');
    const conductor = countersDelta(before, await conductorCounters(cluster));
    readRss(cluster, atS(), samples);
    const processes = [...samples].map(([name, s]) => ({
      name,
      samples: s.length,
      rss_mib_first: round(s[0]!.rssBytes / MIB, 1),
      rss_mib_last: round(s[s.length - 1]!.rssBytes / MIB, 1),
      rss_slope_mib_per_min_second_half: round(rssSlopeMibPerMin(secondHalf(s, options.durationS)), 3),
    }));
    return { soak_s: options.durationS, soak_rate_rps: round(options.ratePerS, 2), sample_every_s: options.sampleEveryS, ...summarizeRun(run, slo), conductor_metrics_during_run: conductor, processes };
  } finally {
    clearInterval(sampler);
    clearInterval(reporter);
  }
}
