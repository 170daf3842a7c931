import { TINY_MODEL_DEFAULTS, type TinyModelOptions } from '@tsukimi/llama-model';

/**
 * The model sizes `tsukimi bench engine` compares the reference engine with llama.cpp on. Both
 * sides load the same generated GGUF (F32 weights) and prefill the same prompt in one pass, so
 * a size's ratio compares the same work. The larger sizes use fewer repeats and shorter prompts
 * than the tiny one to keep a run to about two minutes on two shared cores.
 */
export interface BenchSize {
  /** Names the size in the JSON fields: `prefill_time_ratio_ours_over_llamacpp_<name>`. */
  readonly name: string;
  readonly model: TinyModelOptions;
  readonly promptTokens: number;
  /** Measured prefills per side, interleaved, after one warm-up each. */
  readonly repeats: number;
}

const sized = (dim: number, heads: number, kvHeads: number, ffnDim: number, contextTokens: number): TinyModelOptions => ({
  ...TINY_MODEL_DEFAULTS,
  dim,
  layers: 8,
  heads,
  kvHeads,
  ffnDim,
  contextTokens,
});

export const BENCH_SIZES: readonly BenchSize[] = [
  { name: 'tiny', model: TINY_MODEL_DEFAULTS, promptTokens: 512, repeats: 9 },
  { name: 'd512_l8', model: sized(512, 8, 4, 1536, 1024), promptTokens: 512, repeats: 5 },
  { name: 'd1024_l8', model: sized(1024, 16, 8, 2816, 1024), promptTokens: 256, repeats: 3 },
];

/** The sizes named in `--sizes a,b` (all when absent), in table order; unknown names are refused. */
export function selectSizes(list: string | undefined): BenchSize[] {
  if (list === undefined) return [...BENCH_SIZES];
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !BENCH_SIZES.some((size) => size.name === name));
  if (unknown.length > 0) throw new Error(`--sizes: unknown ${unknown.join(', ')}; available: ${BENCH_SIZES.map((s) => s.name).join(', ')}`);
  return BENCH_SIZES.filter((size) => names.includes(size.name));
}

/** The prompt of run `run`: byte tokens, so both engines see exactly these ids (the tiny vocabulary maps byte b to token b). */
export function benchPrompt(count: number, run: number): number[] {
  return Array.from({ length: count }, (_, i) => (((i * 131 + run * 31 + 7) % 256) + 256) % 256);
}
