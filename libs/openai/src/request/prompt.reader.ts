import { err, ok } from '@tsukimi/result';
import { invalidValue, quoteJson, wrongType, type Parsed, type Reader } from './json.reader';
import { type Prompt } from './request.model';

/** The most prompts one completions request may batch. */
export const MAX_BATCH_PROMPTS = 64;

const PROMPT_SHAPES = 'a string, an array of strings, an array of token ids, or an array of token id arrays';

/**
 * `prompt` of `POST /v1/completions`: a string, an array of strings, an array of token ids, or
 * an array of token-id arrays. The last two and an array of strings are batches (one prompt per
 * element, token ids forming one prompt); every prompt must be non-empty.
 */
export const asPrompts: Reader<readonly Prompt[]> = (value, param) => {
  if (typeof value === 'string') return one(textPrompt(value, param));
  if (!Array.isArray(value)) return err(wrongType(param, PROMPT_SHAPES, value));
  if (value.length === 0) return err(invalidValue(param, 'the prompt must not be empty.'));
  if (value.every((v) => typeof v === 'number')) return one(tokenPrompt(value, param));
  const texts = value.every((v) => typeof v === 'string');
  if (!texts && !value.every((v) => Array.isArray(v))) return err(wrongType(param, PROMPT_SHAPES, value));
  if (value.length > MAX_BATCH_PROMPTS) {
    return err(invalidValue(param, `at most ${MAX_BATCH_PROMPTS} prompts can be sent in one request, but got ${value.length}.`));
  }
  const prompts: Prompt[] = [];
  for (const item of value as unknown[]) {
    const prompt = typeof item === 'string' ? textPrompt(item, param) : tokenPrompt(item, param);
    if (!prompt.ok) return prompt;
    prompts.push(prompt.value);
  }
  return ok(prompts);
};

function one(prompt: Parsed<Prompt>): Parsed<readonly Prompt[]> {
  return prompt.ok ? ok([prompt.value]) : prompt;
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
      return err(invalidValue(param, `token ids must be non-negative integers, but got ${quoteJson(token)}.`));
    }
    tokens.push(token);
  }
  return ok({ kind: 'tokens', tokens });
};
