import { err, type JsonObject, ok } from '@tsukimi/result';
import { invalidRequest } from '../errors/api-error.builders';
import {
  asBoolean,
  asInteger,
  asObject,
  asString,
  decimalIn,
  integerIn,
  invalidValue,
  optional,
  readFields,
  required,
  wrongType,
  type FieldReader,
  type Parsed,
  type Reader,
} from './json.reader';
import { perLimits, type RequestLimits } from './request.limits';
import { type GenerationOptions } from './request.model';
import { asResponseFormat } from './response-format.reader';
import { asTokenIds, logitBiasReader } from './token-controls.reader';

/** The most choices one prompt may ask for (`n`). */
export const MAX_CHOICES = 16;

const asPenalty = decimalIn({ min: -2, max: 2 });

/** `stop`: one string or a list of them, each non-empty, as many and as long as `limits` allow. */
function stopReader(limits: RequestLimits): Reader<readonly string[]> {
  const { maxStopSequences, maxStopSequenceChars } = limits;
  return (value, param) => {
    const list: readonly unknown[] | undefined = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (list === undefined) return err(wrongType(param, 'a string or an array of strings', value));
    if (list.length > maxStopSequences) {
      return err(invalidValue(param, `at most ${maxStopSequences} stop sequences are supported, but got ${list.length}.`));
    }
    const stops: string[] = [];
    for (const [i, stop] of list.entries()) {
      if (typeof stop !== 'string') return err(wrongType(param, 'a string or an array of strings', value));
      if (stop === '') return err(invalidValue(param, `stop sequence ${i} is empty; stop sequences must be non-empty strings.`));
      if (stop.length > maxStopSequenceChars) {
        return err(invalidValue(param, `stop sequence ${i} is ${stop.length} characters long; at most ${maxStopSequenceChars} are supported.`));
      }
      stops.push(stop);
    }
    return ok(stops);
  };
}

/**
 * `top_p` reaches the engines as a 32-bit float, where a value under its smallest normal number
 * may round to 0, which keeps no token at all. Every such `top_p` keeps the most likely token
 * alone, as that smallest normal does, so it is raised to it.
 */
const FLOAT32_MIN_NORMAL = 2 ** -126;
const asTopP: Reader<number> = (value, param) => {
  const p = decimalIn({ min: 0, minExclusive: true, max: 1 })(value, param);
  return p.ok ? ok(Math.max(p.value, FLOAT32_MIN_NORMAL)) : p;
};

/** vLLM's top_k: -1 and 0 both mean "off" (0 here), otherwise at least 1. */
const asTopK: Reader<number> = (value, param) => {
  const k = integerIn({ min: -1 })(value, param);
  return k.ok && k.value === -1 ? ok(0) : k;
};

/** Any integer JavaScript holds exactly; the engine derives each step's draw from it. */
const asSeed: Reader<number> = (value, param) => {
  const seed = asInteger(value, param);
  if (seed.ok && !Number.isSafeInteger(seed.value)) {
    return err(invalidValue(param, `the seed must be an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}.`));
  }
  return seed;
};

/** Fields both endpoints read, in the order their errors are reported, bounded by `limits`. */
const generationFields = perLimits((limits) => {
  return {
    model: required(asString),
    temperature: optional(decimalIn({ min: 0, max: 2 }), 1),
    top_p: optional(asTopP, 1),
    top_k: optional(asTopK, 0),
    seed: optional(asSeed, undefined),
    stop: optional(stopReader(limits), []),
    stream: optional(asBoolean, false),
    stream_options: optional(asObject, undefined),
    ignore_eos: optional(asBoolean, false),
    return_token_ids: optional(asBoolean, false),
    user: optional(asString, undefined),
    n: optional(integerIn({ min: 1, max: MAX_CHOICES }), 1),
    presence_penalty: optional(asPenalty, 0),
    frequency_penalty: optional(asPenalty, 0),
    repetition_penalty: optional(decimalIn({ min: 0, minExclusive: true }), 1),
    logit_bias: optional(logitBiasReader(limits.maxLogitBiasEntries), []),
    min_tokens: optional(integerIn({ min: 0 }), 0),
    stop_token_ids: optional(asTokenIds, []),
    response_format: optional(asResponseFormat, { kind: 'text' } as const),
  } satisfies Record<string, FieldReader<unknown>>;
});

/** The shared fields, less `logprobs`, whose form differs between the endpoints. */
export type SharedOptions = Omit<GenerationOptions, 'logprobs'>;

/** Reads the shared fields of a request body and checks how they combine. */
export function parseGenerationOptions(body: JsonObject, limits: RequestLimits): Parsed<SharedOptions> {
  const fields = readFields(body, generationFields(limits));
  if (!fields.ok) return fields;
  const f = fields.value;
  const includeUsage = parseStreamOptions(f.stream_options, f.stream);
  if (!includeUsage.ok) return includeUsage;
  return ok({
    model: f.model,
    sampling: {
      temperature: f.temperature,
      topP: f.top_p,
      topK: f.top_k,
      ...(f.seed === undefined ? {} : { seed: f.seed }),
    },
    stop: f.stop,
    stream: f.stream,
    includeUsage: includeUsage.value,
    ignoreEos: f.ignore_eos,
    returnTokenIds: f.return_token_ids,
    n: f.n,
    presencePenalty: f.presence_penalty,
    frequencyPenalty: f.frequency_penalty,
    repetitionPenalty: f.repetition_penalty,
    logitBias: f.logit_bias,
    minTokens: f.min_tokens,
    stopTokenIds: f.stop_token_ids,
    responseFormat: f.response_format,
  });
}

/** Like vLLM, a non-empty `stream_options` without `stream: true` is a mistake worth a 400. */
function parseStreamOptions(options: JsonObject | undefined, stream: boolean): Parsed<boolean> {
  if (options === undefined) return ok(false);
  if (!stream && Object.keys(options).length > 0) {
    return err(invalidRequest("Invalid 'stream_options': only allowed when 'stream' is true.", 'stream_options', 'invalid_value'));
  }
  const fields = readFields(options, { include_usage: optional(asBoolean, false) }, 'stream_options');
  return fields.ok ? ok(fields.value.include_usage) : fields;
}

/**
 * `min_tokens` may not exceed the completion budget: vLLM refuses the same. `maxTokens` is the
 * explicit or default `max_tokens`, or the room the context leaves when the request set none.
 */
export function checkMinTokens(minTokens: number, maxTokens: number, maxParam = 'max_tokens'): Parsed<void> {
  if (minTokens <= maxTokens) return ok(undefined);
  return err(invalidValue('min_tokens', `min_tokens must be at most ${maxParam} (${maxTokens}), but got ${minTokens}.`));
}
