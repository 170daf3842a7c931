import { err, ok } from '@tsukimi/result';
import { generationFields, parseGenerationOptions } from './generation-options.parser';
import {
  asArray,
  asBody,
  asBoolean,
  asInteger,
  asJson,
  asObject,
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

const isOff = (choice: unknown): boolean => choice === 'none' || choice === 'auto';
const isEmpty = (list: readonly unknown[]): boolean => list.length === 0;

const chatFields = {
  model: generationFields.model,
  messages: required(asMessages),
  max_completion_tokens: optional(integerIn({ min: 1 }), null),
  max_tokens: optional(integerIn({ min: 1 }), null),
  logprobs: neutralOnly(asBoolean, (logprobs) => !logprobs, 'false'),
  top_logprobs: neutralOnly(asInteger, (top) => top === 0, 'null'),
  tools: neutralOnly(asArray, isEmpty, '[]'),
  tool_choice: neutralOnly(asJson, isOff, "'none'"),
  functions: neutralOnly(asArray, isEmpty, '[]'),
  function_call: neutralOnly(asJson, isOff, "'none'"),
  response_format: neutralOnly(asObject, (format) => format['type'] === 'text', '{"type":"text"}'),
};

/**
 * Validates a `POST /v1/chat/completions` body (already JSON-parsed) into a
 * `ChatCompletionRequest`. Text content only; tools, images and audio are 400s.
 */
export function parseChatCompletionRequest(body: unknown): Parsed<ChatCompletionRequest> {
  const object = asBody(body);
  if (!object.ok) return object;
  const fields = readFields(object.value, chatFields);
  if (!fields.ok) return fields;
  const options = parseGenerationOptions(object.value);
  if (!options.ok) return options;
  const { messages, max_completion_tokens, max_tokens } = fields.value;
  return ok({ ...options.value, messages, maxTokens: max_completion_tokens ?? max_tokens });
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
