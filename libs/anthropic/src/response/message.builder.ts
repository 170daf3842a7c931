import { type PromptCacheUsage } from './cache.usage';
import { type MessageJson, type StopReason, type UsageJson } from './message.wire';

/** How one answer ended: why, and the stop sequence it ended at, if it did. */
export type Stop = { readonly reason: 'end_turn' | 'max_tokens' } | { readonly reason: 'stop_sequence'; readonly sequence: string };

export interface MessageUsage extends PromptCacheUsage {
  readonly outputTokens: number;
  readonly tsukimi?: Readonly<Record<string, unknown>>;
}

/** Everything a non-streamed Message is built from. */
export interface CompletedMessage {
  /** `msg_…`. */
  readonly id: string;
  readonly model: string;
  readonly text: string;
  readonly stop: Stop;
  readonly usage: MessageUsage;
}

export function buildUsage(u: MessageUsage): UsageJson {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheCreationInputTokens,
    cache_read_input_tokens: u.cacheReadInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheCreationInputTokens - u.cacheCreationOneHourTokens, ephemeral_1h_input_tokens: u.cacheCreationOneHourTokens },
    ...(u.tsukimi === undefined ? {} : { tsukimi: { ...u.tsukimi } }),
  };
}

export function stopFields(stop: Stop): { stop_reason: StopReason; stop_sequence: string | null } {
  return { stop_reason: stop.reason, stop_sequence: stop.reason === 'stop_sequence' ? stop.sequence : null };
}

/** The `message` body of `POST /v1/messages` without streaming: one text block. */
export function buildMessage(m: CompletedMessage): MessageJson {
  return {
    id: m.id,
    type: 'message',
    role: 'assistant',
    model: m.model,
    content: [{ type: 'text', text: m.text }],
    ...stopFields(m.stop),
    usage: buildUsage(m.usage),
  };
}
