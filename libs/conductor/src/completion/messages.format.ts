import { anthropicError, type AnthropicError, buildMessage, type MessagesRequest, type MessageUsage, MessageStream, promptCacheUsage, type Stop, stopOf } from '@tsukimi/anthropic';
import { type Tokenizer } from '@tsukimi/engine';
import { type ApiError, type FinishReason, type StreamDelta, type Usage } from '@tsukimi/openai';
import { type AnswerFormat, type AnswerStream } from './answer.format';
import { type CompletionResponse } from './completion.ports';

export interface MessagesAnswer {
  readonly request: MessagesRequest;
  /** `msg_…`. */
  readonly id: string;
  readonly promptTokens: number;
  /** Prompt tokens up to the end of the last `cache_control` block (`breakpointTokens`). */
  readonly breakpointTokens: number;
  /** The same for the last `1h` block, which splits what is written by ttl. */
  readonly oneHourBreakpointTokens: number;
  readonly blockSizeTokens: number;
  readonly tokenizer: Tokenizer;
  /** Tokens that end a turn: EOS and the model's end-of-turn tokens. */
  readonly endTokens: ReadonlySet<number>;
}

/** What one finished answer generated. */
interface Generated {
  readonly text: string;
  readonly tokenIds: readonly number[];
  readonly finishReason: FinishReason;
}

/** Answers to `POST /v1/messages`: a Message, or its event stream. */
export function messagesFormat(a: MessagesAnswer): AnswerFormat {
  const model = a.request.model;
  return {
    stream: a.request.stream ? new MessagesAnswerStream(a, new MessageStream({ id: a.id, model, promptTokens: a.promptTokens })) : undefined,
    body: ([choice], usage) => {
      if (!choice) throw new Error('messagesFormat: a Message is built from exactly one choice');
      const { text, tokenIds, finishReason } = choice;
      return buildMessage({ id: a.id, model, text, ...finish(a, { text, tokenIds: tokenIds ?? [], finishReason }, usage) });
    },
  };
}

/** How the answer stopped and its usage, cache split included. */
function finish(a: MessagesAnswer, generated: Generated, usage: Usage): { stop: Stop; usage: MessageUsage } {
  const last = generated.tokenIds[generated.tokenIds.length - 1];
  const stop = stopOf({
    finishReason: generated.finishReason,
    endedOnEndToken: last !== undefined && a.endTokens.has(last),
    shownText: generated.text,
    decodedText: generated.finishReason === 'stop' ? a.tokenizer.decode(generated.tokenIds) : generated.text,
    stopSequences: a.request.stopSequences,
  });
  const { breakpointTokens, oneHourBreakpointTokens, blockSizeTokens } = a;
  const split = promptCacheUsage({ promptTokens: usage.promptTokens, cachedTokens: usage.cachedTokens, breakpointTokens, oneHourBreakpointTokens, blockSizeTokens });
  return { stop, usage: { ...split, outputTokens: usage.completionTokens, ...(usage.tsukimi ? { tsukimi: usage.tsukimi } : {}) } };
}

/** The handler's stream calls, told to a `MessageStream`: one choice, its text gathered to tell how it stopped. */
class MessagesAnswerStream implements AnswerStream {
  private text = '';
  private readonly tokenIds: number[] = [];
  private finishReason: FinishReason = 'length';

  constructor(
    private readonly a: MessagesAnswer,
    private readonly events: MessageStream,
  ) {}

  open(): string {
    return this.events.open();
  }

  delta(d: StreamDelta): string {
    this.text += d.text;
    this.tokenIds.push(...(d.tokenIds ?? []));
    if (d.finishReason) this.finishReason = d.finishReason;
    return this.events.delta(d.text);
  }

  end(usage: Usage): string {
    const { stop, usage: messageUsage } = finish(this.a, { text: this.text, tokenIds: this.tokenIds, finishReason: this.finishReason }, usage);
    return this.events.end(stop, messageUsage);
  }

  fail(error: ApiError): string {
    return this.events.fail(asAnthropicError(error));
  }
}

/** An OpenAI-style error of the shared request path, in Anthropic's shape: same status, message and headers. */
export function asAnthropicError(error: ApiError): AnthropicError {
  return anthropicError(error.status, error.body.error.message, error.headers);
}

/** The handler's answers with every error in Anthropic's shape. */
export function anthropicErrors(out: CompletionResponse): CompletionResponse {
  return {
    get streamStarted() {
      return out.streamStarted;
    },
    headers: (values) => out.headers(values),
    json: (status, body, headers) => out.json(status, body, headers),
    error: (error) => {
      const shaped = asAnthropicError(error);
      out.json(shaped.status, shaped.body, shaped.headers);
    },
    sse: (frame) => out.sse(frame),
    end: () => out.end(),
  };
}
