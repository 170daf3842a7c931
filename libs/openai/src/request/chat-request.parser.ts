import { err, ok } from '@tsukimi/result';
import { checkMinTokens, generationFields, parseGenerationOptions } from './generation-options.parser';
import {
  asArray,
  asBody,
  asBoolean,
  asJson,
  integerIn,
  invalidValue,
  neutralOnly,
  optional,
  readFields,
  required,
  type Parsed,
} from './json.reader';
import { asChatMessage } from './chat-message.parser';
import { type ChatCompletionRequest, type ChatMessage } from './request.model';

/** The most alternatives per token `top_logprobs` may ask for, as in the OpenAI API. */
export const MAX_TOP_LOGPROBS = 20;

const isOff = (choice: unknown): boolean => choice === 'none' || choice === 'auto';
const isEmpty = (list: readonly unknown[]): boolean => list.length === 0;

const chatFields = {
  model: generationFields.model,
  messages: required(asMessages),
  max_completion_tokens: optional(integerIn({ min: 1 }), null),
  max_tokens: optional(integerIn({ min: 1 }), null),
  logprobs: optional(asBoolean, false),
  top_logprobs: optional(integerIn({ min: 0, max: MAX_TOP_LOGPROBS }), null),
  tools: neutralOnly(asArray, isEmpty, '[]'),
  tool_choice: neutralOnly(asJson, isOff, "'none'"),
  functions: neutralOnly(asArray, isEmpty, '[]'),
  function_call: neutralOnly(asJson, isOff, "'none'"),
};

/**
 * Validates a `POST /v1/chat/completions` body (already JSON-parsed) into a
 * `ChatCompletionRequest`. Text content only; tools, images and audio are 400s. `logprobs: true`
 * asks for each token's logprob, `top_logprobs` (which needs it) for that many alternatives.
 */
export function parseChatCompletionRequest(body: unknown): Parsed<ChatCompletionRequest> {
  const object = asBody(body);
  if (!object.ok) return object;
  const fields = readFields(object.value, chatFields);
  if (!fields.ok) return fields;
  const options = parseGenerationOptions(object.value);
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

function asMessages(value: unknown, param: string): Parsed<readonly ChatMessage[]> {
  const list = asArray(value, param);
  if (!list.ok) return list;
  if (list.value.length === 0) {
    return err(invalidValue(param, 'empty array. Expected an array with minimum length 1, but got an empty array instead.'));
  }
  const messages: ChatMessage[] = [];
  for (const [i, item] of list.value.entries()) {
    const message = asChatMessage(item, `${param}[${i}]`);
    if (!message.ok) return message;
    messages.push(message.value);
  }
  return ok(messages);
}
