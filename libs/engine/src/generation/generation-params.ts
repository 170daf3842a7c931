import { type OutputConstraint } from '@tsukimi/structured-output';
import { type SamplingParams } from '../sampling/sampling-params';

export type FinishReason = 'stop' | 'length';

/**
 * What one request asks of generation. Every field past `ignoreEos` is optional, and a
 * request that sets none of them samples exactly as before they existed.
 *
 * Per step, the logits pass through: repetition penalty, frequency and presence penalties,
 * logit bias, the min-tokens mask, then the structured-output mask, then the sampler.
 * Logprobs are taken before all of that.
 */
export interface GenerationParams {
  readonly maxTokens: number;
  readonly sampling: SamplingParams;
  /** Generation ends before the first occurrence of any of these in the text. */
  readonly stop: readonly string[];
  /** Keep generating past the end-of-sequence token. */
  readonly ignoreEos?: boolean;
  /**
   * EOS, `stopTokenIds` and `stop` strings cannot end generation before this many tokens
   * (EOS and stop token ids are masked out; stop strings are not looked for). A finished
   * structured output still ends generation.
   */
  readonly minTokens?: number;
  /** Generating one of these ends generation (finish 'stop'); its text is not emitted. */
  readonly stopTokenIds?: readonly number[];
  /** `[token, bias]` pairs added to the logits before sampling (OpenAI: bias in -100..100). */
  readonly logitBias?: readonly (readonly [token: number, bias: number])[];
  /** OpenAI presence penalty (-2..2): subtracted once from each token already generated. */
  readonly presencePenalty?: number;
  /** OpenAI frequency penalty (-2..2): subtracted times the number of times a token was generated. */
  readonly frequencyPenalty?: number;
  /**
   * vLLM/HF repetition penalty (> 0, 1 = off) over the prompt and generated tokens:
   * positive logits of those tokens are divided by it, negative ones multiplied.
   */
  readonly repetitionPenalty?: number;
  /**
   * Report the chosen token's logprob and this many top alternatives (0..20); absent
   * reports none. Logprobs are the natural-log softmax of the model's raw logits
   * (temperature 1), before penalties, bias and constraint: vLLM's default "raw" mode.
   */
  readonly logprobs?: number;
  /** The text must be JSON of this shape; generation ends (EOS) once the value is complete. */
  readonly constraint?: OutputConstraint;
}

/** A token and its log-probability under the model's raw distribution. */
export interface TokenLogprob {
  readonly token: number;
  readonly logprob: number;
}

export interface GeneratedToken {
  readonly token: number;
  /** Text this token made showable (text held back for a possible stop sequence comes later). */
  readonly text: string;
  /** Set on the last token. */
  readonly finishReason?: FinishReason;
  /** The chosen token's logprob, when the request asked for logprobs. */
  readonly logprob?: number;
  /** The `logprobs` most likely tokens, most likely first (lowest id first on ties). */
  readonly topLogprobs?: readonly TokenLogprob[];
}
