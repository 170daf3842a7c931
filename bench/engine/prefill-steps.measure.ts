import { ReferenceEngine, WasmKernels } from '@tsukimi/engine-reference';
import { generateTinyModel, TINY_MODEL_DEFAULTS } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { median, progress, round } from '../lib/bench-stats';
import { AttentionCpuKernels, processCpuUs } from './attention-cpu.kernels';
import { benchPrompt } from './engine-bench.sizes';

/** A long prompt in the tiny model's 2048-token context: long enough that attention over the cached part dominates. */
export const STEPPED_PROMPT_TOKENS = 2000;
/** Step sizes compared with one pass: overlapped KV streaming computes a prompt in 128-token steps. */
export const PREFILL_STEPS_TOKENS = [512, 128, 64] as const;
const TRIALS = 9;
const WARM_UP_ROUNDS = 2;
export const STEPS_RATIO_READS = 'CPU of the prompt computed in steps over CPU of the same prompt in one pass: 1 = stepping costs nothing extra, above 1 it costs more';

interface CpuSample {
  readonly totalUs: number;
  readonly attentionUs: number;
}

/**
 * The tiny model on WebAssembly kernels with one forward pass as wide as the prompt, so the
 * "whole" side is one pass of every row and a stepped side differs from it only in stepping.
 */
function steppedEngine(): { engine: ReferenceEngine; kernels: () => AttentionCpuKernels } {
  let timed: AttentionCpuKernels | undefined;
  const engine = expectOk(
    ReferenceEngine.fromGguf(generateTinyModel(TINY_MODEL_DEFAULTS), {
      prefillChunkTokens: STEPPED_PROMPT_TOKENS,
      arenaBlocks: 1024,
      kernels: (heap) => (timed = new AttentionCpuKernels(new WasmKernels(heap))),
    }),
    'load the tiny model',
  );
  return { engine, kernels: () => timed! };
}

/**
 * Process CPU of computing one fresh prompt in `stepTokens`-token prefill calls (the way
 * chunked-store computes one, without its yields), the last asking for the last logits.
 */
function prefillCpu(engine: ReferenceEngine, kernels: AttentionCpuKernels, stepTokens: number, run: number): CpuSample {
  const prompt = benchPrompt(STEPPED_PROMPT_TOKENS, run);
  const sequence = engine.openSequence(`steps-${stepTokens}-${run}`);
  const attentionBefore = kernels.attentionCpuUs;
  const start = processCpuUs();
  for (let offset = 0; offset < prompt.length; offset += stepTokens) {
    const last = offset + stepTokens >= prompt.length;
    const outcome = expectOk(engine.prefillNow(sequence, prompt.slice(offset, offset + stepTokens), { logits: last ? 'last' : 'none' }), 'prefill step');
    if (outcome.reusedTokens > 0) throw new Error(`a stepped prefill reused ${outcome.reusedTokens} cached tokens`);
  }
  const totalUs = processCpuUs() - start;
  engine.closeSequence(sequence);
  return { totalUs, attentionUs: kernels.attentionCpuUs - attentionBefore };
}

/**
 * Forward-pass CPU of a {@link STEPPED_PROMPT_TOKENS}-token prompt in steps of each of
 * {@link PREFILL_STEPS_TOKENS} against one pass, in one process. Rounds interleave the sides,
 * each with a prompt of its own, and every ratio is the median over rounds of the step side
 * over the one-pass side of the same round, so drift of a shared machine hits both alike.
 */
export function measurePrefillSteps() {
  const { engine, kernels } = steppedEngine();
  const sides = [STEPPED_PROMPT_TOKENS, ...PREFILL_STEPS_TOKENS];
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const step of sides) prefillCpu(engine, kernels(), step, -1 - round);
  const rounds: Map<number, CpuSample>[] = [];
  for (let run = 0; run < TRIALS; run++) {
    rounds.push(new Map(sides.map((step) => [step, prefillCpu(engine, kernels(), step, run)])));
    progress(`prefill steps ${run + 1}/${TRIALS}: ${sides.map((step) => `${step}: ${round(rounds[run]!.get(step)!.totalUs / 1000, 1)} ms`).join(', ')}`);
  }
  const medianMs = (step: number, part: keyof CpuSample) => round(median(rounds.map((r) => r.get(step)![part])) / 1000, 1);
  const ratio = (step: number, part: keyof CpuSample) => round(median(rounds.map((r) => r.get(step)![part] / r.get(STEPPED_PROMPT_TOKENS)![part])), 3);
  const bySteps = (value: (step: number) => number) => Object.fromEntries(PREFILL_STEPS_TOKENS.map((step) => [step, value(step)]));
  return {
    prompt_tokens: STEPPED_PROMPT_TOKENS,
    trials: TRIALS,
    kernels: 'wasm',
    ratio_reads: STEPS_RATIO_READS,
    cpu_ratio_steps_over_whole: bySteps((step) => ratio(step, 'totalUs')),
    attention_cpu_ratio_steps_over_whole: bySteps((step) => ratio(step, 'attentionUs')),
    cpu_ms: { whole: medianMs(STEPPED_PROMPT_TOKENS, 'totalUs'), ...bySteps((step) => medianMs(step, 'totalUs')) },
    attention_cpu_ms: { whole: medianMs(STEPPED_PROMPT_TOKENS, 'attentionUs'), ...bySteps((step) => medianMs(step, 'attentionUs')) },
  };
}
