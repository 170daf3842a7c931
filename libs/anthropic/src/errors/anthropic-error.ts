/** The `error.type` values of Anthropic's API, each tied to the HTTP status it comes with. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** The JSON body of every error response, and the data of the `error` event that ends a failed stream. */
export interface AnthropicErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: AnthropicErrorType; readonly message: string };
}

/** An expected failure of a Messages API request, ready to send. */
export interface AnthropicError {
  readonly status: number;
  readonly body: AnthropicErrorBody;
  /** Headers the client should see, such as `retry-after` on 429 and 503. */
  readonly headers: Readonly<Record<string, string>>;
}

const TYPE_BY_STATUS: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** The error type Anthropic's API sends with `status`: any other 4xx is an invalid request, any other 5xx an API error. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** An error in Anthropic's shape; its type follows from the status, as the official clients read it. */
export function anthropicError(status: number, message: string, headers: Readonly<Record<string, string>> = {}): AnthropicError {
  return { status, body: { type: 'error', error: { type: anthropicErrorType(status), message } }, headers };
}
