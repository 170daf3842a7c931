/** `cache_control: {type: "ephemeral", ttl}` on a content block: the prompt up to this block's end is a cache breakpoint. */
export interface CacheControl {
  /** How long the cached prefix should live; `5m` when the request set none. */
  readonly ttl: '5m' | '1h';
}

/** One text content block, of `system` or of a message. */
export interface TextBlock {
  readonly text: string;
  readonly cacheControl?: CacheControl;
}

export type MessageRole = 'user' | 'assistant';

/** One turn of `messages`; string content arrives here as one block without `cache_control`. */
export interface MessageTurn {
  readonly role: MessageRole;
  readonly content: readonly TextBlock[];
}

/** Where the last `cache_control` sits: a block of `system`, or block `block` of message `message`. */
export type CacheBreakpoint = { readonly in: 'system'; readonly block: number } | { readonly in: 'messages'; readonly message: number; readonly block: number };

/** A validated `POST /v1/messages` request. */
export interface MessagesRequest {
  readonly model: string;
  /** At least 1, at most the server's bound. */
  readonly maxTokens: number;
  /** Empty when the request has no system prompt. */
  readonly system: readonly TextBlock[];
  /** At least one; the last is the user's. */
  readonly messages: readonly MessageTurn[];
  /** Non-empty strings; the answer stops before the first one generated. */
  readonly stopSequences: readonly string[];
  /** 0 … 1; 1 when absent. 0 is greedy. */
  readonly temperature: number;
  /** Above 0, at most 1; 1 (off) when absent. */
  readonly topP: number;
  /** 0 (off) when absent. */
  readonly topK: number;
  readonly stream: boolean;
  /** `metadata.user_id`, when sent. */
  readonly userId?: string;
  /** The last block marked with `cache_control`, if any. */
  readonly lastBreakpoint?: CacheBreakpoint;
  /** The last block marked with a `1h` ttl, if any; every `1h` mark comes before every `5m` one. */
  readonly lastOneHourBreakpoint?: CacheBreakpoint;
}

/** How large one request may be; a request over a bound is a 400 naming the field. */
export interface MessagesLimits {
  readonly maxTokens: number;
  readonly maxMessages: number;
  readonly maxStopSequences: number;
  readonly maxStopSequenceChars: number;
}

/** Anthropic allows this many `cache_control` breakpoints in one request. */
export const MAX_CACHE_BREAKPOINTS = 4;
