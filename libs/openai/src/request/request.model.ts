/** The prompt of a completion request: text to tokenize, or token ids sent as they are. */
export type Prompt = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'tokens'; readonly tokens: readonly number[] };

/** How each token is drawn; the same fields as the engine's `SamplingParams`. */
export interface SamplingOptions {
  /** 0 is greedy. */
  readonly temperature: number;
  /** 1 disables nucleus sampling. */
  readonly topP: number;
  /** 0 disables top-k (the request's -1 and 0 both mean off). */
  readonly topK: number;
  /** Absent when the request set none: the caller picks one, so that prefill and decode draw alike. */
  readonly seed?: number;
}

/** What completion and chat requests share, after validation and defaults. */
export interface GenerationOptions {
  readonly model: string;
  readonly sampling: SamplingOptions;
  /** Up to 4 non-empty strings; the returned text stops before the first match. */
  readonly stop: readonly string[];
  readonly stream: boolean;
  /** `stream_options.include_usage`: a final chunk with usage, and `usage: null` on the others. */
  readonly includeUsage: boolean;
  /** vLLM extension: keep generating past the end-of-sequence token. */
  readonly ignoreEos: boolean;
  /** vLLM extension: each choice carries the generated `token_ids`. */
  readonly returnTokenIds: boolean;
}

/** A validated `POST /v1/completions` request. */
export interface CompletionRequest extends GenerationOptions {
  readonly prompt: Prompt;
  /** At least 1; 16 when the request set none, as in the OpenAI API. */
  readonly maxTokens: number;
}

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant';

/** One chat message; text content parts are joined with a newline. */
export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
  readonly name?: string;
}

/** A validated `POST /v1/chat/completions` request. */
export interface ChatCompletionRequest extends GenerationOptions {
  readonly messages: readonly ChatMessage[];
  /**
   * `max_completion_tokens`, else `max_tokens`; null when neither is set, meaning "whatever the
   * context leaves" (see `fitTokenBudget`).
   */
  readonly maxTokens: number | null;
}
