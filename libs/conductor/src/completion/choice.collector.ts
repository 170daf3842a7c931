import { type GeneratedToken } from '@tsukimi/engine';
import { type ChoiceOutput, type FinishReason, type TokenLogprobs } from '@tsukimi/openai';
import { type AnswerStream } from './answer.format';

export interface ChoiceCollectorOptions {
  readonly index: number;
  /** The prompt's text, sent first (`echo`); empty otherwise. */
  readonly echo: string;
  readonly logprobs: boolean;
  readonly returnTokenIds: boolean;
  /** Streamed requests: each token goes out as a delta of this choice. */
  readonly stream?: { readonly sse: AnswerStream; write(frame: string): void };
}

/** One choice's tokens as they come: streamed as deltas, or gathered for the body. */
export class ChoiceCollector {
  private text: string;
  private readonly tokenIds: number[] = [];
  private readonly logprobs: TokenLogprobs[] = [];
  private finishReason: FinishReason | undefined;

  constructor(private readonly o: ChoiceCollectorOptions) {
    this.text = o.echo;
  }

  get tokens(): number {
    return this.tokenIds.length;
  }

  token(t: GeneratedToken): void {
    const prefix = this.tokenIds.length === 0 ? this.o.echo : '';
    this.tokenIds.push(t.token);
    this.text += t.text;
    if (t.finishReason) this.finishReason = t.finishReason;
    const logprob: TokenLogprobs | undefined = this.o.logprobs && t.logprob !== undefined ? { token: t.token, text: t.text, logprob: t.logprob, top: t.topLogprobs ?? [] } : undefined;
    if (logprob) this.logprobs.push(logprob);
    const stream = this.o.stream;
    if (!stream) return;
    stream.write(
      stream.sse.delta({
        index: this.o.index,
        text: prefix + t.text,
        ...(this.o.returnTokenIds ? { tokenIds: [t.token] } : {}),
        ...(logprob ? { logprobs: [logprob] } : {}),
        ...(t.finishReason ? { finishReason: t.finishReason } : {}),
      }),
    );
  }

  /** The finished choice; the pipeline reports success only after the token with the finish reason. */
  output(): ChoiceOutput {
    return {
      text: this.text,
      finishReason: this.finishReason ?? 'length',
      ...(this.o.returnTokenIds ? { tokenIds: [...this.tokenIds] } : {}),
      ...(this.o.logprobs ? { logprobs: [...this.logprobs] } : {}),
    };
  }
}
