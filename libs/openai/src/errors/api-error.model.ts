/** The `error.type` values Tsukimi sends, as the OpenAI API names them. */
export type ApiErrorType = 'invalid_request_error' | 'requests' | 'tokens' | 'server_error';

/** The JSON body of every error response, and of the error frame that ends a failed stream. */
export interface ApiErrorBody {
  readonly error: {
    /** For people: what went wrong and, where it helps, what to send instead. */
    readonly message: string;
    readonly type: ApiErrorType;
    /** The request field at fault (`max_tokens`, `messages[1].content`), or null. */
    readonly param: string | null;
    /** A stable machine-readable code (`invalid_type`, `context_length_exceeded`), or null. */
    readonly code: string | null;
  };
}

/**
 * An expected failure of an OpenAI API request, ready to send: the HTTP status, the body,
 * and any headers the client should see (`retry-after` on 429 and 503).
 */
export interface ApiError {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}
