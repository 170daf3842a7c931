import { type AnthropicError } from '../errors/anthropic-error';
import { buildUsage, type MessageUsage, type Stop, stopFields } from '../response/message.builder';
import { type MessageJson } from '../response/message.wire';

/** Fixed for the whole stream. */
export interface MessageStreamSetup {
  /** `msg_…`. */
  readonly id: string;
  readonly model: string;
  /** Every prompt token: `message_start` is sent before the cache split is known, and `message_delta` corrects it. */
  readonly promptTokens: number;
}

type Phase = 'new' | 'open' | 'ended';

/** One server-sent event as Anthropic frames it: the event name on its own line, then the JSON. */
export function sseEvent<T extends { readonly type: string }>(data: T): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The event stream of `POST /v1/messages` with `stream: true`, one text block at index 0:
 * `message_start`, `content_block_start`, `ping`, then a `content_block_delta` per piece of text,
 * and at the end `content_block_stop`, `message_delta` (stop reason and the whole usage, which
 * the official clients take over since its counts are cumulative) and `message_stop`. `fail`
 * ends the stream at any point with an `error` event. Calls out of order are the caller's bugs.
 */
export class MessageStream {
  private phase: Phase = 'new';

  constructor(private readonly setup: MessageStreamSetup) {}

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** The opening events; empty once open. `delta` opens the stream itself if needed. */
  open(): string {
    if (this.phase !== 'new') return '';
    this.phase = 'open';
    const message: MessageJson = {
      id: this.setup.id,
      type: 'message',
      role: 'assistant',
      model: this.setup.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: this.setup.promptTokens, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null, cache_creation: null },
    };
    return sseEvent({ type: 'message_start', message }) + sseEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) + sseEvent({ type: 'ping' });
  }

  /** A text delta; none for empty text (a character still waiting for its bytes). */
  delta(text: string): string {
    if (this.phase === 'ended') throw new Error('MessageStream: delta after the stream ended');
    const opening = this.open();
    return text === '' ? opening : opening + sseEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  }

  /** The closing events; `message_delta` carries the usage counts Anthropic's delta has (no ttl breakdown). */
  end(stop: Stop, usage: MessageUsage): string {
    if (this.phase === 'ended') throw new Error('MessageStream: end after the stream ended');
    const opening = this.open();
    this.phase = 'ended';
    const { cache_creation: _byTtl, ...counts } = buildUsage(usage);
    return (
      opening +
      sseEvent({ type: 'content_block_stop', index: 0 }) +
      sseEvent({ type: 'message_delta', delta: stopFields(stop), usage: counts }) +
      sseEvent({ type: 'message_stop' })
    );
  }

  /** An `error` event, whatever was sent before; nothing once the stream has ended. */
  fail(error: AnthropicError): string {
    if (this.phase === 'ended') return '';
    this.phase = 'ended';
    return sseEvent(error.body);
  }
}
