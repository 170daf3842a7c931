import { type ApiError } from '../errors/api-error.model';
import { buildUsage, type Usage } from '../response/completion.builder';
import { type TokenLogprobs, type TokenPieces } from '../response/logprobs.format';
import { type ResponseStamp } from '../response/response-ids';
import { type FinishReason, type UsageJson } from '../response/wire.types';
import { SSE_DONE, sseData } from './sse.frame';

/** What a stream is told as generation of one choice advances. */
export interface StreamDelta {
  /** The choice this delta belongs to; 0 when absent. */
  readonly index?: number;
  /** Text made showable since the last delta; may be empty (a character still pending bytes). */
  readonly text: string;
  /** Sent as the chunk's `token_ids` when set (the request asked for `return_token_ids`). */
  readonly tokenIds?: readonly number[];
  /** The logprobs of the tokens this delta covers, when the request asked for them. */
  readonly logprobs?: readonly TokenLogprobs[];
  /** Set on the last delta of the choice. */
  readonly finishReason?: FinishReason;
}

/** Fixed for the whole stream. */
export interface StreamSetup {
  readonly stamp: ResponseStamp;
  readonly model: string;
  /** `stream_options.include_usage`. */
  readonly includeUsage: boolean;
  /** Choices the stream carries, indexes `0 … choices-1`; 1 when absent. */
  readonly choices?: number;
  /** How tokens are shown in logprobs; needed when deltas carry logprobs. */
  readonly pieces?: TokenPieces;
}

/** How one endpoint's chunks look; `SseStream` adds `usage`, framing and the lifecycle. */
export interface ChunkFormat {
  /** Chunks sent before any delta (chat announces the assistant role of each choice). */
  opening(choices: number): object[];
  delta(delta: StreamDelta & { readonly index: number }): object[];
  /** The trailing chunk that carries the totals: no choices, just `usage`. */
  usage(usage: UsageJson): object;
  /**
   * The frame of a delta with text and nothing else (no finish reason, token ids or logprobs),
   * the same bytes `delta` gives, from a template made once per choice; `usage: null` is in it
   * when `withUsage`. Absent: every delta goes through `delta`.
   */
  textFrame?(index: number, text: string, withUsage: boolean): string;
}

type Phase = 'new' | 'open' | 'ended';

/**
 * Turns one request's progress into server-sent event frames, in the order the OpenAI API
 * sends them: `open` → `delta`… (each choice's last with a finish reason; choices interleave,
 * each chunk naming its index) → `end` (usage chunk when asked for, then `[DONE]`). `fail` ends
 * the stream at any point with an error frame, which the official clients raise as an
 * `APIError`, then `[DONE]` as vLLM does. Calls out of order are bugs in the caller and throw.
 */
export class SseStream {
  private phase: Phase = 'new';
  private readonly finished = new Set<number>();
  private readonly choices: number;
  private readonly includeUsage: boolean;

  constructor(
    private readonly format: ChunkFormat,
    setup: Pick<StreamSetup, 'includeUsage' | 'choices'>,
  ) {
    this.includeUsage = setup.includeUsage;
    this.choices = setup.choices ?? 1;
  }

  /** True once `end` or `fail` has produced the final frame. */
  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** The opening frames; empty when already open. `delta` opens the stream itself if needed. */
  open(): string {
    if (this.phase !== 'new') return '';
    this.phase = 'open';
    return this.frames(this.format.opening(this.choices));
  }

  /** Frames for new text of one choice; a delta with nothing to show yields none. */
  delta(delta: StreamDelta): string {
    const index = delta.index ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= this.choices) throw new Error(`SseStream: no choice ${index} in a stream of ${this.choices}`);
    if (this.phase === 'ended' || this.finished.has(index)) throw new Error(`SseStream: delta after choice ${index} finished`);
    const opening = this.open();
    if (delta.finishReason !== undefined) this.finished.add(index);
    if (this.format.textFrame && delta.text !== '' && delta.finishReason === undefined && delta.tokenIds === undefined && delta.logprobs === undefined) {
      return opening + this.format.textFrame(index, delta.text, this.includeUsage);
    }
    return opening + this.frames(this.format.delta({ ...delta, index }));
  }

  /** The closing frames: the usage chunk when `include_usage` was asked for, then `[DONE]`. */
  end(usage: Usage): string {
    if (this.phase === 'ended' || this.finished.size < this.choices) {
      throw new Error(`SseStream: end before every choice finished (${this.finished.size} of ${this.choices})`);
    }
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

/** The pieces a stream needs for a delta carrying logprobs; a missing one is the caller's bug. */
export function streamPieces(setup: StreamSetup): TokenPieces {
  if (setup.pieces === undefined) throw new Error('SseStream: a delta carries logprobs but the stream has no token pieces');
  return setup.pieces;
}
