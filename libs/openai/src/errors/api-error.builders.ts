import { type ApiError, type ApiErrorType } from './api-error.model';

/** Which request field carries the prompt: `prompt` for completions, `messages` for chat. */
export type PromptParam = 'prompt' | 'messages';

/** 400: the request is malformed or asks for something this server does not do. */
export function invalidRequest(message: string, param: string | null, code: string | null = null): ApiError {
  return apiError(400, 'invalid_request_error', message, param, code);
}

/** 400: the body is not JSON; the HTTP layer answers with this before any parsing. */
export function invalidJson(): ApiError {
  return invalidRequest(
    'We could not parse the JSON body of your request. The API expects a JSON object with Content-Type: application/json.',
    null,
  );
}

/**
 * 401 `invalid_api_key`, as OpenAI answers: no Bearer key, or one the server does not know. The
 * message never repeats the key.
 */
export function invalidApiKey(reason: 'missing-key' | 'unknown-key'): ApiError {
  const message =
    reason === 'missing-key'
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : 'Incorrect API key provided. Ask the operator of this server for a valid key.';
  return apiError(401, 'invalid_request_error', message, null, 'invalid_api_key');
}

/** 404: no served model has this name. */
export function modelNotFound(model: string): ApiError {
  return apiError(404, 'invalid_request_error', `The model \`${model}\` does not exist.`, 'model', 'model_not_found');
}

/** 404: no route for this method and path. */
export function routeNotFound(method: string, path: string): ApiError {
  return apiError(404, 'invalid_request_error', `Invalid URL (${method} ${path})`, null, null);
}

export interface ContextLengthExceeded {
  readonly contextTokens: number;
  readonly promptTokens: number;
  /** The completion budget that overflowed the context; absent when the prompt alone leaves no room. */
  readonly maxTokens?: number;
  readonly param: PromptParam;
}

/** 400 `context_length_exceeded`: the prompt, or the prompt plus `max_tokens`, does not fit the model's context. */
export function contextLengthExceeded(c: ContextLengthExceeded): ApiError {
  const limit = `This model's maximum context length is ${c.contextTokens} tokens.`;
  const message =
    c.maxTokens === undefined
      ? `${limit} However, your ${c.param} resulted in ${c.promptTokens} tokens, which leaves no room for a completion. ` +
        `Please reduce the length of the ${c.param}.`
      : `${limit} However, you requested ${c.promptTokens + c.maxTokens} tokens (${c.promptTokens} in the ${c.param}, ` +
        `${c.maxTokens} in the completion). Please reduce the length of the ${c.param} or completion.`;
  return apiError(400, 'invalid_request_error', message, c.param, 'context_length_exceeded');
}

/**
 * 429: admission control turned the request away (the cluster cannot meet its SLO now).
 * `retryAfterS` becomes `retry-after` and `retry-after-ms`, which the official clients honour
 * when they retry.
 */
export function rateLimited(reason: string, retryAfterS: number): ApiError {
  const message = `Request rejected: ${reason}. Please retry after ${formatSeconds(retryAfterS)} seconds.`;
  return apiError(429, 'requests', message, null, 'rate_limit_exceeded', retryHeaders(retryAfterS));
}

/** 503: the server cannot serve now (starting, draining, no ready instance). */
export function serviceUnavailable(message = 'The server is not ready to serve requests.', retryAfterS?: number): ApiError {
  const headers = retryAfterS === undefined ? {} : retryHeaders(retryAfterS);
  return apiError(503, 'server_error', message, null, 'service_unavailable', headers);
}

/** 500: a bug or a broken invariant; the details go to the log under `requestId`, never to the client. */
export function internal(requestId?: string): ApiError {
  const suffix = requestId === undefined ? '' : ` (request ${requestId})`;
  return apiError(500, 'server_error', `The server had an error while processing your request${suffix}.`, null, null);
}

function apiError(
  status: number,
  type: ApiErrorType,
  message: string,
  param: string | null,
  code: string | null,
  headers: Readonly<Record<string, string>> = {},
): ApiError {
  return { status, body: { error: { message, type, param, code } }, headers };
}

function retryHeaders(retryAfterS: number): Record<string, string> {
  const seconds = Math.max(0, retryAfterS);
  return { 'retry-after': String(Math.ceil(seconds)), 'retry-after-ms': String(Math.round(seconds * 1000)) };
}

function formatSeconds(seconds: number): string {
  return String(Math.round(Math.max(0, seconds) * 10) / 10);
}
