import { type MessagesRequest } from '@tsukimi/anthropic';
import { type ApiError, invalidRequest } from '@tsukimi/openai';
import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { breakpointTokens } from '../completion/messages.request';
import { type ModelLanguage } from '../model/model-language';
import { ANTHROPIC_TTL_MS, parseLeaseTtl } from './prompt-cache.ttl';

/** A request's wish to keep its prompt up to `tokens` in the pool for `ttlMs`. */
export interface LeaseAsk {
  readonly tokens: number;
  readonly ttlMs: number;
}

/**
 * The leases a Messages request asks for: the prompt up to its last `1h` breakpoint for an hour,
 * and the rest up to its last breakpoint for five minutes (Anthropic puts every `1h` mark before
 * every `5m` one).
 */
export function messagesLeaseAsks(m: MessagesRequest, language: ModelLanguage, promptTokens: readonly number[]): LeaseAsk[] {
  const oneHour = breakpointTokens(m, m.lastOneHourBreakpoint, language, promptTokens);
  const last = breakpointTokens(m, m.lastBreakpoint, language, promptTokens);
  const asks: LeaseAsk[] = [];
  if (oneHour > 0) asks.push({ tokens: oneHour, ttlMs: ANTHROPIC_TTL_MS['1h'] });
  if (last > oneHour) asks.push({ tokens: last, ttlMs: ANTHROPIC_TTL_MS['5m'] });
  return asks;
}

/** Where the OpenAI endpoints take the control: `{"tsukimi": {"prompt_cache": {"ttl": "5m", "prefix_tokens": 2048}}}`. */
export const PROMPT_CACHE_PARAM = 'tsukimi.prompt_cache';

/**
 * Reads the OpenAI endpoints' extension field: `ttl` a duration (`"5m"`, `"1h"`, `"30s"`, `"500ms"`;
 * default `"5m"`) and `prefix_tokens` how much of the prompt to keep (default all of it). Absent:
 * no lease. A malformed field is a 400 naming it.
 */
export function openAiLeaseAsks(body: unknown, promptTokens: number): Result<LeaseAsk[], ApiError> {
  const extension = isJsonObject(body) ? body['tsukimi'] : undefined;
  if (extension === undefined) return ok([]);
  if (!isJsonObject(extension)) return err(invalidRequest('tsukimi must be an object', 'tsukimi'));
  const control = extension['prompt_cache'];
  if (control === undefined) return ok([]);
  if (!isJsonObject(control)) return err(invalidRequest(`${PROMPT_CACHE_PARAM} must be an object with a ttl`, PROMPT_CACHE_PARAM));
  const ttl = control['ttl'] === undefined ? ok(ANTHROPIC_TTL_MS['5m']) : parseLeaseTtl(control['ttl']);
  if (!ttl.ok) return err(invalidRequest(`${PROMPT_CACHE_PARAM}.ttl ${ttl.error}`, `${PROMPT_CACHE_PARAM}.ttl`));
  const prefix = control['prefix_tokens'];
  if (prefix !== undefined && (typeof prefix !== 'number' || !Number.isSafeInteger(prefix) || prefix < 1)) {
    return err(invalidRequest(`${PROMPT_CACHE_PARAM}.prefix_tokens must be a positive integer`, `${PROMPT_CACHE_PARAM}.prefix_tokens`));
  }
  return ok([{ tokens: Math.min(prefix ?? promptTokens, promptTokens), ttlMs: ttl.value }]);
}
