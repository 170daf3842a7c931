import { err, ok } from '@tsukimi/result';
import { generationFields, parseGenerationOptions } from './generation-options.parser';
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
  wrongType,
  type Parsed,
  type Reader,
} from './json.reader';
import { type CompletionRequest, type Prompt } from './request.model';

/** `max_tokens` when a completion request sets none, as in the OpenAI API and vLLM. */
export const DEFAULT_COMPLETION_MAX_TOKENS = 16;

const PROMPT_SHAPES = 'a string, an array of strings, an array of token ids, or an array of token id arrays';

const completionFields = {
  model: generationFields.model,
  prompt: required(asPrompt),
  max_tokens: optional(integerIn({ min: 1 }), DEFAULT_COMPLETION_MAX_TOKENS),
  echo: neutralOnly(asBoolean, (echo) => !echo, 'false'),
  best_of: neutralOnly(asInteger, (bestOf) => bestOf === 1, '1'),
  suffix: neutralOnly(asString, (suffix) => suffix === '', 'null'),
  logprobs: neutralOnly(asInteger, () => false, 'null'),
};

/**
 * Validates a `POST /v1/completions` body (already JSON-parsed) into a `CompletionRequest`.
 * One prompt per request: a batch of several is a 400 naming `prompt`.
 */
export function parseCompletionRequest(body: unknown): Parsed<CompletionRequest> {
  const object = asBody(body);
  if (!object.ok) return object;
  const fields = readFields(object.value, completionFields);
  if (!fields.ok) return fields;
  const options = parseGenerationOptions(object.value);
  if (!options.ok) return options;
  return ok({ ...options.value, prompt: fields.value.prompt, maxTokens: fields.value.max_tokens });
}

function asPrompt(value: unknown, param: string): Parsed<Prompt> {
  if (typeof value === 'string') return textPrompt(value, param);
  if (!Array.isArray(value)) return err(wrongType(param, PROMPT_SHAPES, value));
  if (value.length === 0) return err(invalidValue(param, 'the prompt must not be empty.'));
  if (value.every((v) => typeof v === 'number')) return tokenPrompt(value, param);
  if (!value.every((v) => typeof v === 'string') && !value.every((v) => Array.isArray(v))) {
    return err(wrongType(param, PROMPT_SHAPES, value));
  }
  if (value.length > 1) {
    return err(
      unsupported(param, `holds ${value.length} prompts, but this server supports one prompt per request. Send one request per prompt.`),
    );
  }
  const only: unknown = value[0];
  return typeof only === 'string' ? textPrompt(only, param) : tokenPrompt(only, param);
}

function textPrompt(text: string, param: string): Parsed<Prompt> {
  return text === '' ? err(invalidValue(param, 'the prompt must not be empty.')) : ok({ kind: 'text', text });
}

const tokenPrompt: Reader<Prompt> = (value, param) => {
  if (!Array.isArray(value)) return err(wrongType(param, PROMPT_SHAPES, value));
  if (value.length === 0) return err(invalidValue(param, 'the prompt must not be empty.'));
  const tokens: number[] = [];
  for (const token of value) {
    if (typeof token !== 'number' || !Number.isSafeInteger(token) || token < 0) {
      return err(invalidValue(param, `token ids must be non-negative integers, but got ${JSON.stringify(token)}.`));
    }
    tokens.push(token);
  }
  return ok({ kind: 'tokens', tokens });
};
