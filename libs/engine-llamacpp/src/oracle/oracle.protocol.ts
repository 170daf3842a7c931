/** Requests the oracle process answers, over ChildRpc. */
export type OracleRequest =
  | { readonly op: 'probabilities'; readonly tokens: readonly number[] }
  | { readonly op: 'greedy'; readonly tokens: readonly number[]; readonly maxTokens: number }
  | { readonly op: 'tokenize'; readonly text: string; readonly special?: boolean }
  | { readonly op: 'detokenize'; readonly tokens: readonly number[]; readonly special?: boolean }
  | { readonly op: 'vocabulary' }
  | { readonly op: 'load'; readonly modelPath: string; readonly contextTokens: number }
  | { readonly op: 'time'; readonly promptTokens: readonly number[]; readonly decodeTokens: number; readonly repeats: number };

export interface OracleTiming {
  /** Median wall time of evaluating the whole prompt in a fresh sequence. */
  readonly prefillMs: number;
  /** Median wall time per generated token, one sequence. */
  readonly decodeMsPerToken: number;
}

/** The special tokens llama.cpp settled on after loading the vocabulary. */
export interface OracleVocabulary {
  readonly bos: number | null;
  readonly eos: number | null;
  readonly eot: number | null;
  /** Whether llama.cpp puts BOS before a prompt. */
  readonly addBos: boolean;
  /** Every token llama.cpp treats as end of generation, ascending. */
  readonly endOfGeneration: number[];
}

/** Per request, what comes back in `result`. */
export interface OracleResults {
  /** For each prompt position, the next-token probabilities indexed by token id. */
  readonly probabilities: number[][];
  readonly greedy: number[];
  readonly tokenize: number[];
  readonly detokenize: string;
  readonly vocabulary: OracleVocabulary;
  readonly time: OracleTiming;
  readonly load: null;
}
