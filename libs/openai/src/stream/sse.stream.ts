import { type ApiError } from '../errors/api-error.model';
import { buildUsage, type Usage } from '../response/completion.builder';
import { type ResponseStamp } from '../response/response-ids';
import { type FinishReason, type UsageJson } from '../response/wire.types';
import { SSE_DONE, sseData } from './sse.frame';

/** What a stream is told as generation advances. */
export interface StreamDelta {
  /** Text made showable since the last delta; may be empty (a character still pending bytes). */
  readonly text: string;
  /** Sent as the chunk's `token_ids` when set (the request asked for `return_token_ids`). */
  readonly tokenIds?: readonly number[];
  /** Set on the last delta of the choice. */
  readonly finishReason?: FinishReason;
}

/** Fixed for the whole stream. */
export interface StreamSetup {
  readonly stamp: ResponseStamp;
  readonly model: string;
  /** `stream_options.include_usage`. */
  readonly includeUsage: boolean;
}

/** How one endpoint's chunks look; `SseStream` adds `usage`, framing and the lifecycle. */
export interface ChunkFormat {
  /** Chunks sent before any delta (chat announces the assistant role). */
  opening(): object[];
  delta(delta: StreamDelta): object[];
  /** The trailing chunk that carries the totals: no choices, just `usage`. */
  usage(usage: UsageJson): object;
}

type Phase = 'new' | 'open' | 'finished' | 'ended';

/**
 * Turns one request's progress into server-sent event frames, in the order the OpenAI API
 * sends them: `open` → `delta`… (the last with a finish reason) → `end` (usage chunk when
 * asked for, then `[DONE]`). `fail` ends the stream at any point with an error frame, which
 * the official clients raise as an `APIError`, then `[DONE]` as vLLM does. Calls out of order
 * are bugs in the caller and throw.
 */
export class SseStream {
  private phase: Phase = 'new';

  constructor(
    private readonly format: ChunkFormat,
    private readonly includeUsage: boolean,
  ) {}

  /** True once `end` or `fail` has produced the final frame. */
  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** The opening frames; empty when already open. `delta` opens the stream itself if needed. */
  open(): string {
    if (this.phase !== 'new') return '';
    this.phase = 'open';
    return this.frames(this.format.opening());
  }

  /** Frames for new text; a delta with no text, no token ids and no finish reason yields none. */
  delta(delta: StreamDelta): string {
    if (this.phase === 'finished' || this.phase === 'ended') {
      throw new Error(`SseStream: delta after the choice finished (${this.phase})`);
    }
    const opening = this.open();
    if (delta.finishReason !== undefined) this.phase = 'finished';
    return opening + this.frames(this.format.delta(delta));
  }

  /** The closing frames: the usage chunk when `include_usage` was asked for, then `[DONE]`. */
  end(usage: Usage): string {
    if (this.phase !== 'finished') throw new Error(`SseStream: end before a finish reason (${this.phase})`);
    this.phase = 'ended';
    const trailer = this.includeUsage ? sseData(this.format.usage(buildUsage(usage))) : '';
    return trailer + SSE_DONE;
  }

  /** An error frame and `[DONE]`, whatever was sent before; nothing once the stream has ended. */
  fail(error: ApiError): string {
    if (this.phase === 'ended') return '';
    this.phase = 'ended';
    return sseData(error.body) + SSE_DONE;
  }

  private frames(chunks: readonly object[]): string {
    return chunks.map((chunk) => sseData(this.includeUsage ? { ...chunk, usage: null } : chunk)).join('');
  }
}
