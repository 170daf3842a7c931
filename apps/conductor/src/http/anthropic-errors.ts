import { anthropicError, type AnthropicError } from '@tsukimi/anthropic';
import { type AuthFailure } from '@tsukimi/conductor';

/** Anthropic's Messages API: its errors, 401s included, go out in Anthropic's shape. */
export const MESSAGES_PATH = '/v1/messages';

/** Whether a request's errors are answered in Anthropic's shape (the query string aside). */
export function answersAsAnthropic(url: string): boolean {
  const query = url.indexOf('?');
  return (query < 0 ? url : url.slice(0, query)) === MESSAGES_PATH;
}

/** 401 `authentication_error`, as Anthropic answers a missing or unknown key; the message never repeats the key. */
export function anthropicAuthError(reason: AuthFailure): AnthropicError {
  return anthropicError(401, reason === 'missing-key' ? 'x-api-key header is required' : 'invalid x-api-key');
}
