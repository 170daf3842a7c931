import { collapsedRegexSplit } from './collapsed-regex.splitter';
import { gpt2Split } from './gpt2.splitter';
import { llama3Split } from './llama3.splitter';
import { type SplitStep } from './split-step';

/** How a byte-level BPE vocabulary cuts text into words before merging, per `tokenizer.ggml.pre`. */
export interface PreTokenizer {
  /** The family name this implementation follows (several `tokenizer.ggml.pre` names share one). */
  readonly family: string;
  readonly steps: readonly SplitStep[];
  /** A word that is itself a token is taken whole, without merging (Llama 3). */
  readonly ignoreMerges: boolean;
  /** Whether llama.cpp adds BOS when `tokenizer.ggml.add_bos_token` is absent. */
  readonly addBosByDefault: boolean;
}

const PUNCTUATION_RUNS = '[\\p{P}\\$\\+<=>\\^~\\|]+';
const THREE_DIGITS = '[0-9][0-9][0-9]';

const family = (name: string, steps: SplitStep[], flags: Partial<Pick<PreTokenizer, 'ignoreMerges' | 'addBosByDefault'>> = {}): PreTokenizer => ({
  family: name,
  steps,
  ignoreMerges: flags.ignoreMerges ?? false,
  addBosByDefault: flags.addBosByDefault ?? false,
});

const DEFAULT = family('default', [collapsedRegexSplit(PUNCTUATION_RUNS), gpt2Split, collapsedRegexSplit('\\p{N}+'), collapsedRegexSplit(THREE_DIGITS)]);
const GPT2 = family('gpt-2', [gpt2Split]);
const LLAMA3 = family('llama3', [llama3Split(3)], { ignoreMerges: true, addBosByDefault: true });
const LLAMA3_MERGING = family('llama3-merging', [llama3Split(3)]);
const QWEN2 = family('qwen2', [llama3Split(1)]);
const STARCODER = family('starcoder', [collapsedRegexSplit('\\p{N}'), gpt2Split]);
const FALCON = family('falcon', [collapsedRegexSplit(PUNCTUATION_RUNS), gpt2Split, collapsedRegexSplit(THREE_DIGITS)]);

/**
 * `tokenizer.ggml.pre` names whose pattern list llama.cpp shares with one of the families
 * above (names that differ only in detokenizer clean-up are the same family here).
 */
const BY_NAME: ReadonlyMap<string, PreTokenizer> = new Map([
  ['', DEFAULT],
  ['default', DEFAULT],
  ...['gpt-2', 'phi-2', 'mpt', 'olmo', 'jais', 'exaone4', 'trillion', 'granite-docling', 'gigachat', 'a.x-4.0', 'mellum'].map((n) => [n, GPT2] as const),
  ...['llama3', 'llama-v3', 'llama-bpe', 'falcon3', 'falcon-h1', 'pixtral', 'midm-2.0', 'lfm2'].map((n) => [n, LLAMA3] as const),
  ...['dbrx', 'smaug-bpe'].map((n) => [n, LLAMA3_MERGING] as const),
  ...['qwen2', 'deepseek-r1-qwen', 'megrez', 'stablelm2', 'hunyuan', 'solar-open', 'kormo', 'f2llmv2'].map((n) => [n, QWEN2] as const),
  ...['starcoder', 'refact', 'command-r', 'smollm', 'codeshell', 'exaone', 'minerva-7b', 'mellum2'].map((n) => [n, STARCODER] as const),
  ['falcon', FALCON],
]);

/** The pre-tokenizer llama.cpp uses for `name` (absent means llama.cpp's default), if supported here. */
export function preTokenizerNamed(name: string | undefined): PreTokenizer | undefined {
  return BY_NAME.get(name ?? '');
}

export function supportedPreTokenizers(): string[] {
  return [...BY_NAME.keys()].filter((n) => n !== '');
}
