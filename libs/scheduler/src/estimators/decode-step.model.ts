/**
 * One engine's decode step time, which is the time between tokens: a fixed cost (weights read
 * once per step), a cost per request in the batch, and a cost per token of KV the batch attends to.
 */
export interface DecodeStepCoefficients {
  readonly baseMs: number;
  readonly msPerRequest: number;
  readonly msPerContextToken: number;
}

export function predictDecodeStepMs(coefficients: DecodeStepCoefficients, batchSize: number, contextTokens: number): number {
  if (batchSize <= 0) return 0;
  return coefficients.baseMs + coefficients.msPerRequest * batchSize + coefficients.msPerContextToken * contextTokens;
}
