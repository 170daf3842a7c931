import { err, ok } from '@tsukimi/result';
import { invalidRequest } from '../errors/api-error.builders';
import { checkMinTokens, parseGenerationOptions } from './generation-options.parser';
import {
  asArray,
  asBody,
  asBoolean,
  asJson,
  asString,
  integerIn,
  invalidValue,
  neutralOnly,
  optional,
  readFields,
  required,
  type Parsed,
  type Reader,
} from './json.reader';
import { asChatMessage } from './chat-message.parser';
import { DEFAULT_REQUEST_LIMITS, perLimits, type RequestLimits } from './request.limits';
import { type ChatCompletionRequest, type ChatMessage } from './request.model';

/** The most alternatives per token `top_logprobs` may ask for, as in the OpenAI API. */
export const MAX_TOP_LOGPROBS = 20;

const isOff = (choice: unknown): boolean => choice === 'none' || choice === 'auto';
const isEmpty = (list: readonly unknown[]): boolean => list.length === 0;

const chatFields = perLimits((limits) => {
  const asMaxTokens = integerIn({ min: 1, max: limits.maxCompletionTokens });
  return {
    model: required(asString),
    messages: required(messagesReader(limits.maxMessages)),
    max_completion_tokens: optional(asMaxTokens, null),
    max_tokens: optional(asMaxTokens, null),
    logprobs: optional(asBoolean, false),
    top_logprobs: optional(integerIn({ min: 0, max: MAX_TOP_LOGPROBS }), null),
    tools: neutralOnly(asArray, isEmpty, '[]'),
    tool_choice: neutralOnly(asJson, isOff, "'none'"),
    functions: neutralOnly(asArray, isEmpty, '[]'),
    function_call: neutralOnly(asJson, isOff, "'none'"),
  };
});

/**
 * Validates a `POST /v1/chat/completions` body (already JSON-parsed) into a
 * `ChatCompletionRequest`. Text content only; tools, images and audio are 400s. `logprobs: true`
 * asks for each token's logprob, `top_logprobs` (which needs it) for that many alternatives.
 * Message count, `stop`, `logit_bias` and `max_tokens` are held to `limits`.
 */
export function parseChatCompletionRequest(body: unknown, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): Parsed<ChatCompletionRequest> {
  const object = asBody(body);
  if (!object.ok) return object;
  const fields = readFields(object.value, chatFields(limits));
  if (!fields.ok) return fields;
  const options = parseGenerationOptions(object.value, limits);
  if (!options.ok) return options;
  const { messages, max_completion_tokens, max_tokens, logprobs, top_logprobs } = fields.value;
  if (!logprobs && top_logprobs !== null && top_logprobs > 0) {
    return err(invalidValue('top_logprobs', "top_logprobs can only be set when 'logprobs' is true."));
  }
  const maxTokens = max_completion_tokens ?? max_tokens;
  if (maxTokens !== null) {
    const minTokens = checkMinTokens(options.value.minTokens, maxTokens, max_completion_tokens === null ? 'max_tokens' : 'max_completion_tokens');
    if (!minTokens.ok) return minTokens;
  }
  return ok({ ...options.value, messages, maxTokens, ...(logprobs ? { logprobs: top_logprobs ?? 0 } : {}) });
}

/** `messages`: 1 … `maxMessages` messages, each read by `asChatMessage`. */
function messagesReader(maxMessages: number): Reader<readonly ChatMessage[]> {
  return (value, param) => readMessages(value, param, maxMessages);
}

function readMessages(value: unknown, param: string, maxMessages: number): Parsed<readonly ChatMessage[]> {
  const list = asArray(value, param);
  if (!list.ok) return list;
  if (list.value.length === 0) {
    return err(invalidValue(param, 'empty array. Expected an array with minimum length 1, but got an empty array instead.'));
  }
  if (list.value.length > maxMessages) {
    const message = `Invalid '${param}': array too long. Expected an array with maximum length ${maxMessages}, but got an array with length ${list.value.length} instead.`;
    return err(invalidRequest(message, param, 'array_above_max_length'));
  }
  const messages: ChatMessage[] = [];
  for (const [i, item] of list.value.entries()) {
    const message = asChatMessage(item, `${param}[${i}]`);
    if (!message.ok) return message;
    messages.push(message.value);
  }
  return ok(messages);
}
