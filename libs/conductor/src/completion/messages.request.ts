import { type CacheBreakpoint, type MessagesRequest, parseMessagesRequest, type TextBlock } from '@tsukimi/anthropic';
import { type ChatTemplateMessage } from '@tsukimi/engine';
import { type ApiError, type ChatCompletionRequest, type ChatMessage, CONTENT_PART_SEPARATOR, invalidRequest, parseChatCompletionRequest, type RequestLimits } from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { type ModelLanguage } from '../model/model-language';

/** A Messages request, and the same conversation as the chat request the handler runs. */
export interface MessagesPlan {
  readonly source: MessagesRequest;
  readonly chat: ChatCompletionRequest;
}

/**
 * Parses a `POST /v1/messages` body and turns it into the chat request of the same conversation,
 * read by the chat endpoint's own parser: the system prompt first, then each turn, text blocks
 * joined as content parts are, so both endpoints render the same prompt and sample alike. Token
 * ids are kept (never sent) to tell a stop sequence from an end of turn.
 */
export function parseMessagesPlan(body: unknown, limits: RequestLimits): Result<MessagesPlan, ApiError> {
  const parsed = parseMessagesRequest(body, {
    maxTokens: limits.maxCompletionTokens,
    maxMessages: limits.maxMessages,
    maxStopSequences: limits.maxStopSequences,
    maxStopSequenceChars: limits.maxStopSequenceChars,
  });
  if (!parsed.ok) return err(invalidRequest(parsed.error.message, parsed.error.param === '' ? null : parsed.error.param));
  const m = parsed.value;
  const chat = parseChatCompletionRequest(
    { model: m.model, messages: chatMessages(m), max_tokens: m.maxTokens, temperature: m.temperature, top_p: m.topP, top_k: m.topK, stop: m.stopSequences, stream: m.stream, return_token_ids: true },
    limits,
  );
  return chat.ok ? ok({ source: m, chat: chat.value }) : chat;
}

function chatMessages(m: MessagesRequest): ChatMessage[] {
  const join = (blocks: readonly TextBlock[]) => blocks.map((b) => b.text).join(CONTENT_PART_SEPARATOR);
  return [...(m.system.length > 0 ? [{ role: 'system' as const, content: join(m.system) }] : []), ...m.messages.map((turn) => ({ role: turn.role, content: join(turn.content) }))];
}

/** Text no prompt is expected to hold, appended to the breakpoint's block to find where it ends in the rendered prompt. */
const BREAKPOINT_SENTINEL = '\uE000tsukimi-cache-breakpoint\uE000';

/**
 * How many of the prompt's tokens lie up to the end of the block `at` (a `cache_control` block of
 * `m`); 0 without one. The conversation is rendered by the model's template with a sentinel after
 * that block, and the text before the sentinel tokenized: the tokens it shares with the prompt
 * from the start.
 */
export function breakpointTokens(m: MessagesRequest, at: CacheBreakpoint | undefined, language: ModelLanguage, promptTokens: readonly number[]): number {
  if (!at) return 0;
  const mark = (blocks: readonly TextBlock[], here: boolean) => (here ? blocks.map((b, i) => (i === at.block ? { text: b.text + BREAKPOINT_SENTINEL } : b)) : blocks);
  const marked: ChatTemplateMessage[] = chatMessages({
    ...m,
    system: mark(m.system, at.in === 'system'),
    messages: m.messages.map((turn, i) => ({ ...turn, content: mark(turn.content, at.in === 'messages' && at.message === i) })),
  });
  const rendered = language.chatTemplate.render(marked);
  const end = rendered.indexOf(BREAKPOINT_SENTINEL);
  if (end < 0) return 0;
  const text = language.tokenizer.encode(rendered.slice(0, end), { parseSpecial: true });
  const upTo = language.chatTemplate.addBos ? [language.tokenizer.bosToken, ...text] : text;
  let shared = 0;
  while (shared < upTo.length && shared < promptTokens.length && upTo[shared] === promptTokens[shared]) shared++;
  return shared;
}
