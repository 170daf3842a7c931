import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { LlamaCppOracle, type OracleTiming } from '@tsukimi/engine-llamacpp';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { median, nowMs, progress, round } from '../lib/bench-stats';
import { benchPrompt, type BenchSize } from './engine-bench.sizes';

/** One size's model, loaded on both sides from the same file. */
export interface PrefillPair {
  readonly size: BenchSize;
  readonly modelPath: string;
  readonly engine: ReferenceEngine;
  readonly oracle: LlamaCppOracle;
}

export interface PrefillSamples {
  readonly oursMs: readonly number[];
  readonly llamacpp: readonly OracleTiming[];
}

/**
 * Writes the size's generated GGUF into `dir` and loads it in the reference engine and in
 * llama.cpp (the oracle: one thread, flash attention off, the whole prompt in one batch). The
 * reference engine, likewise, prefills the whole prompt in one chunk.
 */
export async function openPrefillPair(size: BenchSize, dir: string, arenaBlocks: number): Promise<PrefillPair> {
  const modelPath = path.join(dir, `${size.name}.gguf`);
  fs.writeFileSync(modelPath, generateTinyModel(size.model));
  const engine = expectOk(ReferenceEngine.fromGguf(fs.readFileSync(modelPath), { arenaBlocks, prefillChunkTokens: size.promptTokens }), 'load');
  const oracle = await LlamaCppOracle.start(modelPath, size.model.contextTokens);
  return { size, modelPath, engine, oracle };
}

/**
 * Wall time of one reference prefill of run `run`'s prompt in a fresh sequence. Each run keys
 * its blocks under a tenant salt of its own, so nothing cached by an earlier run is reused: every
 * token is computed, as llama.cpp computes every token from its cleared sequence.
 */
export function referencePrefillMs(pair: PrefillPair, run: number): number {
  const sequence = pair.engine.openSequence(`bench-${pair.size.name}-${run}`);
  const start = nowMs();
  const outcome = expectOk(pair.engine.prefillNow(sequence, benchPrompt(pair.size.promptTokens, run)), 'prefill');
  const elapsed = nowMs() - start;
  pair.engine.closeSequence(sequence);
  if (outcome.computedTokens !== pair.size.promptTokens) throw new Error(`reference prefill computed ${outcome.computedTokens} of ${pair.size.promptTokens} tokens (${outcome.reusedTokens} reused)`);
  return elapsed;
}

/**
 * One warm-up, then `size.repeats` prefills per side of the same prompts, alternating so that
 * the machine's drift hits both alike. Each run's prompt is new to the reference engine (a
 * different tenant salt, so no cached block is reused) and llama.cpp starts each from a
 * cleared sequence. `decodeTokens` is what llama.cpp generates after each prefill.
 */
export async function measurePrefillPair(pair: PrefillPair, decodeTokens: number): Promise<PrefillSamples> {
  const { size } = pair;
  referencePrefillMs(pair, -1);
  await pair.oracle.time(benchPrompt(size.promptTokens, -1), 1, 1);
  const oursMs: number[] = [];
  const llamacpp: OracleTiming[] = [];
  for (let run = 0; run < size.repeats; run++) {
    oursMs.push(referencePrefillMs(pair, run));
    llamacpp.push(await pair.oracle.time(benchPrompt(size.promptTokens, run), decodeTokens, 1));
    progress(`${size.name} prefill ${run + 1}/${size.repeats}: ours ${round(oursMs[run]!, 1)} ms, llama.cpp ${round(llamacpp[run]!.prefillMs, 1)} ms`);
  }
  return { oursMs, llamacpp };
}

/**
 * A size's prefill figures. The ratio is a ratio of median times, ours over llama.cpp's:
 * above 1 the reference engine is slower, below 1 faster.
 */
export function prefillFigures(size: BenchSize, samples: PrefillSamples) {
  const oursMs = median(samples.oursMs);
  const llamacppMs = median(samples.llamacpp.map((t) => t.prefillMs));
  return {
    prompt_tokens: size.promptTokens,
    repeats: size.repeats,
    prefill_ms_ours: round(oursMs, 1),
    prefill_ms_llamacpp: round(llamacppMs, 1),
    prefill_tokens_per_s_ours: round((size.promptTokens * 1000) / oursMs, 0),
    prefill_tokens_per_s_llamacpp: round((size.promptTokens * 1000) / llamacppMs, 0),
    prefill_time_ratio_ours_over_llamacpp: round(oursMs / llamacppMs, 2),
  };
}
