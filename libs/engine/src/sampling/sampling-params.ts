/** How the next token is chosen from the logits. */
export interface SamplingParams {
  /** 0 means greedy (argmax, lowest id on ties). */
  readonly temperature: number;
  /** Nucleus sampling: keep the most likely tokens whose probabilities sum to at least this; 1 disables. */
  readonly topP: number;
  /** Keep only the k most likely tokens; 0 disables. */
  readonly topK: number;
  /** Seeds the draw for every step, so the same request samples the same tokens on any instance. */
  readonly seed: number;
}

export const GREEDY: SamplingParams = { temperature: 0, topP: 1, topK: 0, seed: 0 };
