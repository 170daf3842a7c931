/** Requests the oracle process answers, one JSON object per line. */
export type OracleRequest =
  | { readonly op: 'probabilities'; readonly tokens: readonly number[] }
  | { readonly op: 'greedy'; readonly tokens: readonly number[]; readonly maxTokens: number }
  | { readonly op: 'tokenize'; readonly text: string }
  | { readonly op: 'time'; readonly promptTokens: readonly number[]; readonly decodeTokens: number; readonly repeats: number };

export interface OracleTiming {
  /** Median wall time of evaluating the whole prompt in a fresh sequence. */
  readonly prefillMs: number;
  /** Median wall time per generated token, one sequence. */
  readonly decodeMsPerToken: number;
}

/** Per request, what comes back in `result`. */
export interface OracleResults {
  /** For each prompt position, the next-token probabilities indexed by token id. */
  readonly probabilities: number[][];
  readonly greedy: number[];
  readonly tokenize: number[];
  readonly time: OracleTiming;
}

export type OracleResponse = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };
