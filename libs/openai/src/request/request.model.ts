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

/** `response_format`: free text, any JSON object, or JSON valid against a schema. */
export type ResponseFormat =
  | { readonly kind: 'text' }
  | { readonly kind: 'json-object' }
  | {
      readonly kind: 'json-schema';
      /** `json_schema.name`: 1–64 of `a-z A-Z 0-9 _ -`. */
      readonly name: string;
      /** `json_schema.schema`, as sent; which keywords the engine enforces is checked where the constraint is built. */
      readonly schema: Readonly<Record<string, unknown>>;
      readonly strict: boolean;
    };

/** What completion and chat requests share, after validation and defaults. */
export interface GenerationOptions {
  readonly model: string;
  readonly sampling: SamplingOptions;
  /** Non-empty strings, as many and as long as the request limits allow; the returned text stops before the first match. */
  readonly stop: readonly string[];
  readonly stream: boolean;
  /** `stream_options.include_usage`: a final chunk with usage, and `usage: null` on the others. */
  readonly includeUsage: boolean;
  /** vLLM extension: keep generating past the end-of-sequence token. */
  readonly ignoreEos: boolean;
  /** vLLM extension: each choice carries the generated `token_ids`. */
  readonly returnTokenIds: boolean;
  /** Choices per prompt, 1 … `MAX_CHOICES`. */
  readonly n: number;
  /** -2 … 2; 0 is off. */
  readonly presencePenalty: number;
  /** -2 … 2; 0 is off. */
  readonly frequencyPenalty: number;
  /** vLLM extension: above 0; 1 is off. */
  readonly repetitionPenalty: number;
  /** `logit_bias` as `[token id, bias]` pairs in ascending token order, biases -100 … 100. */
  readonly logitBias: readonly (readonly [token: number, bias: number])[];
  /** vLLM extension: EOS and stop token ids are not honoured before this many tokens. */
  readonly minTokens: number;
  /** vLLM extension: generation ends with any of these token ids, as with EOS. */
  readonly stopTokenIds: readonly number[];
  /** Per generated token, its logprob and this many top alternatives; absent for none. */
  readonly logprobs?: number;
  readonly responseFormat: ResponseFormat;
}

/** A validated `POST /v1/completions` request. */
export interface CompletionRequest extends GenerationOptions {
  /** One or more prompts (a batch); choice `i * n + k` is the `k`th choice of prompt `i`. */
  readonly prompts: readonly Prompt[];
  /** Each choice's text starts with its prompt's text. */
  readonly echo: boolean;
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
