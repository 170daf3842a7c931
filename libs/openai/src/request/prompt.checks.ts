import { err, ok, type Result } from '@tsukimi/result';
import { contextLengthExceeded, type PromptParam } from '../errors/api-error.builders';
import { type ApiError } from '../errors/api-error.model';
import { invalidValue } from './json.reader';

export interface TokenBudgetRequest {
  /** Tokens of the prompt as the model sees it (chat: after the template, BOS included). */
  readonly promptTokens: number;
  /** The request's completion budget; null for "whatever the context leaves" (chat without `max_tokens`). */
  readonly maxTokens: number | null;
  /** The model's context length in tokens. */
  readonly contextTokens: number;
  /** The server's bound on one completion (`RequestLimits.maxCompletionTokens`): a null budget is cut to it. */
  readonly maxCompletionTokens?: number;
  readonly param: PromptParam;
}

/**
 * The completion budget of a request whose prompt is already tokenized. Like vLLM and the
 * OpenAI API, an explicit `max_tokens` that would overflow the context is a 400
 * `context_length_exceeded` rather than silently shortened; so is a prompt that leaves no
 * room for one token. A null budget becomes the room left, at most `maxCompletionTokens`.
 */
export function fitTokenBudget(r: TokenBudgetRequest): Result<number, ApiError> {
  const { promptTokens, maxTokens, contextTokens, param, maxCompletionTokens = Infinity } = r;
  const room = contextTokens - promptTokens;
  if (room < 1) return err(contextLengthExceeded({ contextTokens, promptTokens, param }));
  if (maxTokens === null) return ok(Math.min(room, maxCompletionTokens));
  if (maxTokens > room) return err(contextLengthExceeded({ contextTokens, promptTokens, maxTokens, param }));
  return ok(maxTokens);
}

/**
 * Token ids a request names (a prompt, `logit_bias` keys, `stop_token_ids`) must exist in the
 * model's vocabulary (ids `0 … vocabSize-1`); `param` names the field.
 */
export function checkTokenIds(tokens: readonly number[], vocabSize: number, param = 'prompt'): Result<void, ApiError> {
  const bad = tokens.find((token) => token >= vocabSize);
  if (bad === undefined) return ok(undefined);
  return err(invalidValue(param, `token id ${bad} is out of vocabulary; this model's ids run from 0 to ${vocabSize - 1}.`));
}
