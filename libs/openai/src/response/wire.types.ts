/**
 * The JSON shapes Tsukimi sends, field for field what the official `openai` client parses
 * (`Completion`, `ChatCompletion`, `ChatCompletionChunk`, `Model`); the specs assign them
 * to the client's own types. Two extensions: `token_ids` on a choice (as in vLLM) and
 * `usage.tsukimi` (KV-cache provenance).
 */

/**
 * `logprobs` of a completion choice (or of one chunk): per token its text, logprob, the top
 * alternatives (text → logprob, the chosen token among them) and its offset in the choice's text.
 */
export interface CompletionLogprobsJson {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
}

export interface TopLogprobJson {
  token: string;
  logprob: number;
  /** UTF-8 bytes of the token; null for a special token, which has none. */
  bytes: number[] | null;
}

export interface ChatTokenLogprobJson extends TopLogprobJson {
  top_logprobs: TopLogprobJson[];
}

/** `logprobs` of a chat choice (or of one chunk). */
export interface ChatLogprobsJson {
  content: ChatTokenLogprobJson[] | null;
  refusal: null;
}

/** Why generation ended: a stop condition (EOS, stop sequence) or the token budget. */
export type FinishReason = 'stop' | 'length';

export interface UsageJson {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  /** Tsukimi extension: opaque details of where the prompt's KV blocks came from. */
  tsukimi?: Record<string, unknown>;
}

export interface CompletionChoiceJson {
  index: number;
  text: string;
  finish_reason: FinishReason;
  logprobs: CompletionLogprobsJson | null;
  token_ids?: number[];
}

export interface CompletionJson {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoiceJson[];
  usage: UsageJson;
}

export interface ChatChoiceJson {
  index: number;
  message: { role: 'assistant'; content: string; refusal: null };
  finish_reason: FinishReason;
  logprobs: ChatLogprobsJson | null;
  token_ids?: number[];
}

export interface ChatCompletionJson {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoiceJson[];
  usage: UsageJson;
}

export interface CompletionChunkChoiceJson {
  index: number;
  text: string;
  finish_reason: FinishReason | null;
  logprobs: CompletionLogprobsJson | null;
  token_ids?: number[];
}

/** A streamed completion chunk; `usage` is present (null, then the totals) only with `include_usage`. */
export interface CompletionChunkJson {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChunkChoiceJson[];
  usage?: UsageJson | null;
}

export interface ChatChunkChoiceJson {
  index: number;
  delta: { role?: 'assistant'; content?: string };
  finish_reason: FinishReason | null;
  logprobs: ChatLogprobsJson | null;
  token_ids?: number[];
}

/** A streamed chat chunk; `usage` is present (null, then the totals) only with `include_usage`. */
export interface ChatChunkJson {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoiceJson[];
  usage?: UsageJson | null;
}

export interface ModelJson {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface ModelListJson {
  object: 'list';
  data: ModelJson[];
}
