/**
 * How large one request may be, field by field: the server's operator sets these so that no
 * single request can make the conductor or an engine do unbounded work. A request over a
 * bound is a 400 naming the field.
 */
export interface RequestLimits {
  /** Most entries a chat request's `messages` may hold. */
  readonly maxMessages: number;
  /** Most strings `stop` may hold. */
  readonly maxStopSequences: number;
  /** Longest one `stop` string may be, in UTF-16 code units (JavaScript's string length). */
  readonly maxStopSequenceChars: number;
  /** Most entries `logit_bias` may hold. */
  readonly maxLogitBiasEntries: number;
  /** The largest `max_tokens` (or `max_completion_tokens`) a request may ask for. */
  readonly maxCompletionTokens: number;
}

/** The bounds a parser applies when it is given none: the OpenAI API's where it states one. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxMessages: 2048,
  maxStopSequences: 4,
  maxStopSequenceChars: 1024,
  maxLogitBiasEntries: 300,
  maxCompletionTokens: 32_768,
};

/**
 * `build` once per limits object: the readers a parser derives from its limits serve every
 * request, and a server keeps one limits object for its lifetime.
 */
export function perLimits<T>(build: (limits: RequestLimits) => T): (limits: RequestLimits) => T {
  const built = new WeakMap<RequestLimits, T>();
  return (limits) => {
    const known = built.get(limits);
    if (known !== undefined) return known;
    const fresh = build(limits);
    built.set(limits, fresh);
    return fresh;
  };
}
