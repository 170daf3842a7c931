import { type MessagesRequest } from '@tsukimi/anthropic';
import { type ApiError, type ChatCompletionRequest, type CompletionRequest, parseChatCompletionRequest, parseCompletionRequest, type RequestLimits, type ResponseIds } from '@tsukimi/openai';
import { ok, type Result } from '@tsukimi/result';
import { type AnswerFormat, openAiFormat } from './answer.format';
import { type PromptInput } from './completion.plan';
import { type KnownTokenizer } from './known-tokenizer';
import { messagesFormat } from './messages.format';
import { breakpointTokens, parseMessagesPlan } from './messages.request';

/** The OpenAI completion and chat endpoints, and Anthropic's Messages API, which runs as a chat request. */
export type Endpoint = 'completions' | 'chat' | 'messages';

/** A request in the handler's terms, and the Messages request it came from. */
export interface EndpointRequest {
  readonly request: CompletionRequest | ChatCompletionRequest;
  readonly messages?: MessagesRequest | undefined;
}

/** Parses a body as its endpoint reads it; errors as OpenAI-style values, which the Messages answers reshape. */
export function parseEndpointRequest(endpoint: Endpoint, body: unknown, limits: RequestLimits): Result<EndpointRequest, ApiError> {
  if (endpoint === 'messages') {
    const plan = parseMessagesPlan(body, limits);
    return plan.ok ? ok({ request: plan.value.chat, messages: plan.value.source }) : plan;
  }
  const parsed = endpoint === 'chat' ? parseChatCompletionRequest(body, limits) : parseCompletionRequest(body, limits);
  return parsed.ok ? ok({ request: parsed.value }) : parsed;
}

/** What picks and fills an answer's format, once the request is planned. */
export interface AnswerInputs extends EndpointRequest {
  readonly endpoint: Endpoint;
  readonly prompts: readonly PromptInput[];
  readonly tokenizer: KnownTokenizer;
  readonly blockSizeTokens: number;
  /** Choices the answer carries. */
  readonly choices: number;
}

/** The answer's format for its endpoint. */
export function answerFormat(a: AnswerInputs, ids: ResponseIds): AnswerFormat {
  const { endpoint, request, messages, tokenizer } = a;
  if (endpoint !== 'messages' || !messages) {
    const openAi = endpoint === 'completions' ? 'completions' : 'chat';
    return openAiFormat({ endpoint: openAi, model: request.model, stream: request.stream, includeUsage: request.includeUsage, choices: a.choices, pieces: tokenizer.pieces }, ids);
  }
  const prompt = a.prompts[0]!.tokens;
  const { language } = tokenizer;
  return messagesFormat({
    request: messages,
    id: ids.message().id,
    promptTokens: prompt.length,
    breakpointTokens: breakpointTokens(messages, messages.lastBreakpoint, language, prompt),
    oneHourBreakpointTokens: breakpointTokens(messages, messages.lastOneHourBreakpoint, language, prompt),
    blockSizeTokens: a.blockSizeTokens,
    tokenizer: language.tokenizer,
    endTokens: new Set([language.tokenizer.eosToken, ...language.endOfGeneration]),
  });
}
