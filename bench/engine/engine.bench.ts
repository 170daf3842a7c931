import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argmax, type SequenceId } from '@tsukimi/engine';
import { type ReferenceEngine } from '@tsukimi/engine-reference';
import { tinyModelId } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, nowMs, progress, round } from '../lib/bench-stats';
import { engineArgs } from './engine.args';
import { benchPrompt, type BenchSize, selectSizes } from './engine-bench.sizes';
import { measurePrefillPair, openPrefillPair, prefillFigures } from './prefill-pair.measure';
import { measurePrefillSteps } from './prefill-steps.measure';

/**
 * `tsukimi bench engine [--json] [--sizes tiny,d512_l8,d1024_l8] [--steps-only]`: the reference
 * engine's prefill against llama.cpp (one thread, flash attention off) on the same generated GGUF,
 * at the tiny default size and at d512 and d1024 with 8 layers, measured interleaved in one run so
 * machine noise hits both alike; on the tiny model, decode throughput at batch 1, 8 and 32; and
 * first (alone with `--steps-only`) the CPU of a 2000-token prompt computed in steps of 512, 128
 * and 64 tokens against one pass (`prefill_steps`).
 *
 * Every `prefill_time_ratio_ours_over_llamacpp` is our median prefill time over llama.cpp's: above
 * 1 the reference engine is slower, below 1 faster. Every `prefill_cpu_ratio_steps<N>_over_whole`
 * is the CPU of the prompt in N-token steps over one pass: 1 means stepping costs nothing extra.
 */
const DECODE_STEPS = 64;
const DECODE_PROMPT_TOKENS = 64;
const RATIO_READS = 'prefill time, ours over llama.cpp: above 1 the reference engine is slower';

function decodeTokensPerS(engine: ReferenceEngine, batch: number, run: number): number {
  const sequences: { id: SequenceId; token: number }[] = [];
  for (let i = 0; i < batch; i++) {
    const id = engine.openSequence(`decode-${run}-${i}`);
    const logits = expectOk(engine.prefillNow(id, benchPrompt(DECODE_PROMPT_TOKENS, run * 1000 + i)), 'prefill').logits;
    sequences.push({ id, token: argmax(logits[0]!) });
  }
  const start = nowMs();
  for (let step = 0; step < DECODE_STEPS; step++) {
    const logits = expectOk(engine.decodeNow(sequences.map((s) => ({ sequence: s.id, token: s.token }))), 'decode');
    logits.forEach((l, i) => (sequences[i]!.token = argmax(l)));
  }
  const elapsedS = (nowMs() - start) / 1000;
  for (const s of sequences) engine.closeSequence(s.id);
  return (batch * DECODE_STEPS) / elapsedS;
}

/** Blocks for the prompt, twice over (the warm-up's stay cached), plus the tiny model's decode batches. */
function arenaBlocksFor(size: BenchSize): number {
  return size.name === 'tiny' ? 2048 : 2 * Math.ceil(size.promptTokens / 16) + 16;
}

async function measureSize(size: BenchSize, dir: string) {
  const modelStartMs = nowMs();
  progress(`${size.name}: generating ${tinyModelId(size.model)} and starting llama.cpp`);
  const pair = await openPrefillPair(size, dir, arenaBlocksFor(size));
  progress(`${size.name}: ready in ${round((nowMs() - modelStartMs) / 1000, 1)} s; ${size.repeats} prefills of ${size.promptTokens} tokens per side`);
  try {
    const tiny = size.name === 'tiny';
    const samples = await measurePrefillPair(pair, tiny ? DECODE_STEPS : 1);
    const figures = { model: pair.engine.modelId, ...prefillFigures(size, samples) };
    progress(`${size.name}: prefill_time_ratio_ours_over_llamacpp ${figures.prefill_time_ratio_ours_over_llamacpp}`);
    if (!tiny) return figures;
    const decode: Record<number, number> = {};
    for (const batch of [1, 8, 32]) {
      decode[batch] = median([0, 1, 2].map((run) => decodeTokensPerS(pair.engine, batch, run)));
      progress(`decode batch ${batch}: ${round(decode[batch]!, 0)} tokens/s`);
    }
    return {
      ...figures,
      decode_tokens_per_s_batch1: round(decode[1]!, 0),
      decode_tokens_per_s_batch8: round(decode[8]!, 0),
      decode_tokens_per_s_batch32: round(decode[32]!, 0),
      llamacpp_decode_tokens_per_s_batch1: round(1000 / median(samples.llamacpp.map((l) => l.decodeMsPerToken)), 0),
    };
  } finally {
    await pair.oracle.close();
    fs.rmSync(pair.modelPath, { force: true });
  }
}

async function main(options: BenchValues<typeof engineArgs.options>): Promise<void> {
  const sizes = selectSizes(options.sizes.join(','));
  const steps = measurePrefillSteps();
  const stepRatios = Object.fromEntries(Object.entries(steps.cpu_ratio_steps_over_whole).map(([step, ratio]) => [`prefill_cpu_ratio_steps${step}_over_whole`, ratio]));
  if (options.stepsOnly) {
    process.stdout.write(`${JSON.stringify({ ...stepRatios, prefill_steps: steps })}\n`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-bench-engine-'));
  try {
    const bySize: Record<string, Awaited<ReturnType<typeof measureSize>>> = {};
    for (const size of sizes) bySize[size.name] = await measureSize(size, dir);
    const ratios = Object.fromEntries(Object.entries(bySize).map(([name, f]) => [`prefill_time_ratio_ours_over_llamacpp_${name}`, f.prefill_time_ratio_ours_over_llamacpp]));
    process.stdout.write(`${JSON.stringify({ ...ratios, ratio_reads: RATIO_READS, ...stepRatios, sizes: bySize, prefill_steps: steps })}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench(engineArgs, main);
