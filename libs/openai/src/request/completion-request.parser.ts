import { err, ok } from '@tsukimi/result';
import { checkMinTokens, parseGenerationOptions } from './generation-options.parser';
import {
  asBody,
  asBoolean,
  asInteger,
  asString,
  integerIn,
  invalidValue,
  neutralOnly,
  optional,
  readFields,
  required,
  unsupported,
  type Parsed,
} from './json.reader';
import { asPrompts } from './prompt.reader';
import { DEFAULT_REQUEST_LIMITS, perLimits, type RequestLimits } from './request.limits';
import { type CompletionRequest } from './request.model';

/** `max_tokens` when a completion request sets none, as in the OpenAI API and vLLM (or the limit, if lower). */
export const DEFAULT_COMPLETION_MAX_TOKENS = 16;

/** The most alternatives per token `logprobs` may ask for on completions, as in the OpenAI API. */
export const MAX_COMPLETION_LOGPROBS = 5;

/** The most choices one request may produce over all its prompts (prompts × `n`). */
export const MAX_TOTAL_CHOICES = 128;

const completionFields = perLimits((limits) => {
  return {
    model: required(asString),
    prompt: required(asPrompts),
    max_tokens: optional(integerIn({ min: 1, max: limits.maxCompletionTokens }), Math.min(DEFAULT_COMPLETION_MAX_TOKENS, limits.maxCompletionTokens)),
    echo: optional(asBoolean, false),
    best_of: optional(asInteger, null),
    suffix: neutralOnly(asString, (suffix) => suffix === '', 'null'),
    logprobs: optional(integerIn({ min: 0, max: MAX_COMPLETION_LOGPROBS }), null),
  };
});

/**
 * Validates a `POST /v1/completions` body (already JSON-parsed) into a `CompletionRequest`: one
 * prompt or a batch, `n` choices each, `logprobs` as the number of alternatives (0 … 5).
 * `stop`, `logit_bias` and `max_tokens` are held to `limits`.
 */
export function parseCompletionRequest(body: unknown, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): Parsed<CompletionRequest> {
  const object = asBody(body);
  if (!object.ok) return object;
  const fields = readFields(object.value, completionFields(limits));
  if (!fields.ok) return fields;
  const options = parseGenerationOptions(object.value, limits);
  if (!options.ok) return options;
  const { prompt: prompts, max_tokens, echo, best_of, logprobs } = fields.value;
  const { n } = options.value;
  if (best_of !== null && best_of < n) return err(invalidValue('best_of', `best_of must be at least n (${n}), but got ${best_of}.`));
  if (best_of !== null && best_of > n) {
    return err(unsupported('best_of', `does not support ${best_of} with n ${n}: this server returns every choice it generates, so best_of must equal n.`));
  }
  if (prompts.length * n > MAX_TOTAL_CHOICES) {
    return err(invalidValue('n', `a request may produce at most ${MAX_TOTAL_CHOICES} choices, but ${prompts.length} prompts × n ${n} make ${prompts.length * n}.`));
  }
  if (echo && logprobs !== null) {
    return err(unsupported('echo', 'is not supported together with logprobs: this server does not compute the logprobs of prompt tokens. Send echo or logprobs, not both.'));
  }
  const minTokens = checkMinTokens(options.value.minTokens, max_tokens);
  if (!minTokens.ok) return minTokens;
  return ok({ ...options.value, prompts, echo, maxTokens: max_tokens, ...(logprobs === null ? {} : { logprobs }) });
}
