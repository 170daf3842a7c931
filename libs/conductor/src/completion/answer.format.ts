import {
  buildChatCompletion,
  buildCompletion,
  ChatStream,
  type ChoiceOutput,
  CompletionStream,
  type ResponseIds,
  type SseStream,
  type TokenPieces,
  type Usage,
} from '@tsukimi/openai';

/** What a streamed request tells its stream as it goes; the frames it returns are written as they are. */
export type AnswerStream = Pick<SseStream, 'open' | 'delta' | 'end' | 'fail'>;

/** How one request's answer looks: its event stream when it streams, else its JSON body. */
export interface AnswerFormat {
  /** Present when the request asked to stream. */
  readonly stream: AnswerStream | undefined;
  /** The JSON body of a non-streamed answer. */
  body(choices: readonly ChoiceOutput[], usage: Usage): unknown;
}

export interface OpenAiAnswer {
  readonly endpoint: 'completions' | 'chat';
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly choices: number;
  readonly pieces: TokenPieces;
}

/** The OpenAI endpoints' answers: `chat.completion` or `text_completion`, and their chunk streams. */
export function openAiFormat(a: OpenAiAnswer, ids: ResponseIds): AnswerFormat {
  const chat = a.endpoint === 'chat';
  const stamp = chat ? ids.chat() : ids.completion();
  const setup = { stamp, model: a.model, includeUsage: a.includeUsage, choices: a.choices, pieces: a.pieces };
  return {
    stream: a.stream ? new (chat ? ChatStream : CompletionStream)(setup) : undefined,
    body: (choices, usage) => (chat ? buildChatCompletion : buildCompletion)({ stamp, model: a.model, choices, usage, pieces: a.pieces }),
  };
}
