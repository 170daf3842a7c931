import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { TINY_MODEL_DEFAULTS } from '@tsukimi/llama-model';
import { EngineProfileLearner, type EngineShape } from '@tsukimi/conductor';
import { REFERENCE_ENGINE_DEFAULTS, ReferenceEngine } from '@tsukimi/engine-reference';
import { expectOk } from '@tsukimi/result';
import { type EngineProfile, formatEngineProfile } from '@tsukimi/scheduler';
import { profileEngine } from '@tsukimi/serving';
import { ClusterUnderTest } from '../../apps/conductor/test/cluster-under-test';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, progress, round } from '../lib/bench-stats';
import { simFitArgs } from './sim-fit.args';
import { randomText, seededRandom } from '../e2e/e2e.workload';
import { timeStreamedCompletion } from '../e2e/streamed-completion';

/**
 * `tsukimi bench sim-fit [--json] [--rounds N] [--lengths A,B,…]`: how well the simulated engine,
 * timed by the reference engine's own profile, predicts a live reference cluster's TTFT.
 *
 * A reference cluster starts (one kvpool, prefill, decode and conductor, the generated tiny
 * model); its conductor fits an engine profile to the timings both instances took of themselves
 * at start. A second cluster of the same shape then starts on the simulated engine, with a model
 * sheet of the tiny model's shape (the same KV bytes a token) and that profile
 * (`--simulated-profile`). Each round sends one fresh prompt of each length to both clusters, one
 * request at a time, the order alternating, so load from elsewhere falls on both alike. The figure
 * is the median TTFT at the client, simulated over live, at each prompt length and pooled: 1 is
 * perfect agreement.
 */
const FITTED_LOG = "scheduler estimators fitted to the engines' timings";
const AGREEMENT_TOLERANCE = 0.15;

/** The tiny model's shape as a model sheet: its KV bytes a token, so blocks move through the pool alike. */
const TINY_SHEET = {
  name: 'tiny-simulated',
  layers: TINY_MODEL_DEFAULTS.layers,
  hiddenSize: TINY_MODEL_DEFAULTS.dim,
  attentionHeads: TINY_MODEL_DEFAULTS.heads,
  kvHeads: TINY_MODEL_DEFAULTS.kvHeads,
  // Unused when a profile gives the times; the cost model only needs it positive.
  parameters: 1e5,
  bytesPerValue: TINY_MODEL_DEFAULTS.weightType === 'f32' ? 4 : 2,
};

interface Side {
  readonly name: 'live' | 'simulated';
  readonly cluster: ClusterUnderTest;
  readonly client: OpenAI;
  readonly ttftMs: Map<number, number[]>;
}

const side = (name: Side['name'], cluster: ClusterUnderTest): Side => ({ name, cluster, client: new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 }), ttftMs: new Map() });

/** The profile the live cluster's conductor fitted, with the block size and bytes of its engines. */
async function startProfile(cluster: ClusterUnderTest): Promise<EngineProfile> {
  const fitted = await cluster.conductor.waitForLog(FITTED_LOG, 30_000);
  const shape = tinyEngineShape();
  return { ...shape, engine: `${shape.engine} (timed at start)`, prefill: fitted['prefill'] as EngineProfile['prefill'], decode: fitted['decode'] as EngineProfile['decode'] };
}

/** The instances' profiler run again on the same model in this process, fitted as the conductor fits it. */
async function idleProfile(modelPath: string): Promise<EngineProfile> {
  const engine = expectOk(ReferenceEngine.fromGguf(fs.readFileSync(modelPath), REFERENCE_ENGINE_DEFAULTS), 'reference engine');
  const timings = await profileEngine(engine, () => performance.now());
  const learner = new EngineProfileLearner();
  learner.record('prefill', 'prefill', timings.prefill, []);
  learner.record('decode', 'decode', [], timings.decode);
  const shape = tinyEngineShape();
  const profile = learner.profile({ ...shape, engine: `${shape.engine} (timed idle)` });
  if (!profile) throw new Error('the profiler\'s timings fit no profile');
  return profile;
}

function tinyEngineShape(): EngineShape {
  const blockSizeTokens = REFERENCE_ENGINE_DEFAULTS.blockSizeTokens;
  const headDim = TINY_SHEET.hiddenSize / TINY_SHEET.attentionHeads;
  return { engine: 'reference engine, tiny model', blockSizeTokens, blockBytes: 2 * TINY_SHEET.layers * TINY_SHEET.kvHeads * headDim * TINY_SHEET.bytesPerValue * blockSizeTokens };
}

function summary(s: Side) {
  const all = [...s.ttftMs.values()].flat();
  return { ttft_ms_median: round(median(all), 1), ttft_ms_median_by_length: Object.fromEntries([...s.ttftMs].map(([n, v]) => [n, round(median(v), 1)])) };
}

async function main(options: BenchValues<typeof simFitArgs.options>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-sim-fit-'));
  const sides: Side[] = [];
  try {
    const live = side('live', await ClusterUnderTest.start({ prefill: 1, decode: 1 }));
    sides.push(live);
    const atStart = await startProfile(live.cluster);
    const profile = options.profile === 'start' ? atStart : await idleProfile(live.cluster.modelPath);
    fs.writeFileSync(path.join(dir, 'profile.json'), formatEngineProfile(profile));
    fs.writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(TINY_SHEET));
    const engineArgs = ['--engine', 'simulated', '--simulated-model', path.join(dir, 'tiny.json'), '--simulated-profile', path.join(dir, 'profile.json')];
    const simulated = side('simulated', await ClusterUnderTest.start({ prefill: 1, decode: 1, engineArgs }));
    sides.push(simulated);

    const random = seededRandom(12);
    for (let round_ = -1; round_ < options.rounds; round_++) {
      for (const [i, length] of options.lengths.entries()) {
        const prompt = randomText(random, length);
        for (const s of (round_ + i) % 2 === 0 ? [live, simulated] : [simulated, live]) {
          const { ttftMs } = await timeStreamedCompletion(s.client, { model: s.cluster.modelId, prompt, maxTokens: 2 });
          // The first round warms both clusters up and is not counted.
          if (round_ >= 0) s.ttftMs.set(length, [...(s.ttftMs.get(length) ?? []), ttftMs]);
        }
      }
      if (round_ >= 0) progress(`round ${round_ + 1}/${options.rounds}: median TTFT so far, live ${summary(live).ttft_ms_median} ms, simulated ${summary(simulated).ttft_ms_median} ms`);
    }
    const ratio = median([...simulated.ttftMs.values()].flat()) / median([...live.ttftMs.values()].flat());
    // The pooled median of a few prompt lengths falls between two lengths' groups and jumps with
    // either; the agreement is judged length by length, on the same prompts.
    const byLength = options.lengths.map((n) => [n, median(simulated.ttftMs.get(n) ?? []) / median(live.ttftMs.get(n) ?? [])] as const);
    process.stdout.write(
      `${JSON.stringify({
        lengths_tokens: options.lengths,
        rounds: options.rounds,
        profile: options.profile,
        fitted: { prefill: profile.prefill, decode: profile.decode },
        ...(options.profile === 'idle' ? { fitted_at_start: { prefill: atStart.prefill, decode: atStart.decode } } : {}),
        live: summary(live),
        simulated: summary(simulated),
        ttft_median_ratio_simulated_over_live: round(ratio, 3),
        within_15_percent: Math.abs(ratio - 1) <= AGREEMENT_TOLERANCE,
        ttft_median_ratio_by_length: Object.fromEntries(byLength.map(([n, r]) => [n, round(r, 3)])),
        within_15_percent_at_every_length: byLength.every(([, r]) => Math.abs(r - 1) <= AGREEMENT_TOLERANCE),
      })}\n`,
    );
  } finally {
    await Promise.all(sides.map((s) => s.cluster.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench(simFitArgs, main);
