import { field } from '@tsukimi/config';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '@tsukimi/openai';

/**
 * How large one OpenAI request may be. The body bound is enforced by the HTTP server while the
 * body arrives (413), the others by the request parsers (400 naming the field).
 */
export const requestLimitsSchema = {
  maxRequestBodyBytes: field.byteSize({ min: 1024, max: 1024 * 1024 * 1024, default: 4 * 1024 * 1024, description: 'Largest request body the conductor reads; a longer one gets 413 as soon as the excess arrives, before the rest is read' }),
  maxMessages: field.int({ min: 1, default: DEFAULT_REQUEST_LIMITS.maxMessages, description: 'Most messages in one chat request' }),
  maxStopSequences: field.int({ min: 0, default: DEFAULT_REQUEST_LIMITS.maxStopSequences, description: 'Most strings in a request\'s stop' }),
  maxStopSequenceChars: field.int({ min: 1, default: DEFAULT_REQUEST_LIMITS.maxStopSequenceChars, description: 'Longest one stop string may be (UTF-16 code units)' }),
  maxLogitBiasEntries: field.int({ min: 0, default: DEFAULT_REQUEST_LIMITS.maxLogitBiasEntries, description: 'Most entries in a request\'s logit_bias' }),
  maxCompletionTokens: field.int({ min: 1, default: DEFAULT_REQUEST_LIMITS.maxCompletionTokens, description: 'Largest max_tokens (or max_completion_tokens) a request may ask for; the model\'s context bounds it too' }),
};

/** The parsers' bounds out of the conductor's settings. */
export function requestLimits(config: RequestLimits): RequestLimits {
  const { maxMessages, maxStopSequences, maxStopSequenceChars, maxLogitBiasEntries, maxCompletionTokens } = config;
  return { maxMessages, maxStopSequences, maxStopSequenceChars, maxLogitBiasEntries, maxCompletionTokens };
}
