import { sampleToken } from '../sampling/sampler';
import { StopSequenceMatcher } from '../sampling/stop-sequence.matcher';
import { type TokenStreamDecoder, type Tokenizer } from '../tokenizer/tokenizer.port';
import { type FinishReason, type GeneratedToken, type GenerationParams } from './generation-params';
import { LogitsProcessor } from './logits.processor';
import { tokenLogprobs } from './token-logprobs';

export interface GenerationOptions {
  /**
   * Tokens already generated elsewhere (prefill samples the first), whose text was
   * emitted there. Replaying them restores the text state — a character still pending
   * its last bytes, text held back for a possible stop sequence — and the penalty counts
   * and structured-output state, so this instance continues exactly where the other left off.
   */
  readonly replay?: readonly number[];
  /** The prompt's tokens, which the repetition penalty also covers. */
  readonly prompt?: readonly number[];
}

/**
 * One request's output side: picks each token from the logits (step by step, so a
 * decode instance can take over after prefill chose the first), turns tokens into
 * text, and decides when generation ends (EOS, stop token, stop sequence, max tokens,
 * a finished structured output).
 */
export class Generation {
  private readonly decoder: TokenStreamDecoder;
  private readonly stops: StopSequenceMatcher;
  private readonly processor: LogitsProcessor;
  private readonly stopTokens: ReadonlySet<number>;
  private step = 0;
  private finished = false;

  constructor(
    private readonly params: GenerationParams,
    private readonly tokenizer: Tokenizer,
    options: GenerationOptions = {},
  ) {
    this.decoder = tokenizer.streamDecoder();
    this.stops = new StopSequenceMatcher(params.stop);
    this.processor = new LogitsProcessor(params, tokenizer, options.prompt ?? []);
    this.stopTokens = new Set(params.stopTokenIds ?? []);
    for (const token of options.replay ?? []) {
      this.processor.accept(token);
      this.step++;
      this.stops.push(this.decoder.push(token), this.stopStringsApply());
    }
  }

  get generatedTokens(): number {
    return this.step;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Chooses the next token from `logits` and reports its text and whether generation ends here. */
  next(logits: ArrayLike<number>): GeneratedToken {
    if (this.finished) throw new Error('generation already finished');
    const token = sampleToken(this.processor.process(logits, this.step), this.params.sampling, this.step);
    const reported = this.params.logprobs === undefined ? null : tokenLogprobs(logits, token, this.params.logprobs);
    this.processor.accept(token);
    this.step++;
    const out = this.advance(token);
    return reported ? { ...out, logprob: reported.logprob, topLogprobs: reported.topLogprobs } : out;
  }

  private advance(token: number): GeneratedToken {
    if (token === this.tokenizer.eosToken && (!this.params.ignoreEos || this.processor.constraintComplete)) return this.finish(token, this.drain(), 'stop');
    if (this.stopTokens.has(token)) return this.finish(token, this.drain(), 'stop');
    const match = this.stops.push(this.decoder.push(token), this.stopStringsApply());
    if (match.stopped) return this.finish(token, match.emit, 'stop');
    if (this.step >= this.params.maxTokens) return this.finish(token, match.emit + this.drain(), 'length');
    return { token, text: match.emit };
  }

  /** Stop strings end generation only once `minTokens` tokens exist (this one included). */
  private stopStringsApply(): boolean {
    return this.step >= (this.params.minTokens ?? 0);
  }

  /** Text still held by the UTF-8 decoder or the stop matcher, released because generation ends. */
  private drain(): string {
    const match = this.stops.push(this.decoder.flush());
    return match.stopped ? match.emit : match.emit + this.stops.flush();
  }

  private finish(token: number, text: string, finishReason: FinishReason): GeneratedToken {
    this.finished = true;
    return { token, text, finishReason };
  }
}
