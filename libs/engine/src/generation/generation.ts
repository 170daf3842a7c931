import { sampleToken } from '../sampling/sampler';
import { StopSequenceMatcher } from '../sampling/stop-sequence.matcher';
import { type TokenStreamDecoder, type Tokenizer } from '../tokenizer/tokenizer.port';
import { type FinishReason, type GeneratedToken, type GenerationParams } from './generation-params';

/**
 * One request's output side: picks each token from the logits (step by step, so a
 * decode instance can take over after prefill chose the first), turns tokens into
 * text, and decides when generation ends (EOS, stop sequence, max tokens).
 */
export class Generation {
  private readonly decoder: TokenStreamDecoder;
  private readonly stops: StopSequenceMatcher;
  private step: number;
  private finished = false;

  constructor(
    private readonly params: GenerationParams,
    private readonly tokenizer: Tokenizer,
    /**
     * Tokens already generated elsewhere (prefill samples the first), whose text was
     * emitted there. Replaying them restores the text state — a character still pending
     * its last bytes, text held back for a possible stop sequence — so the text this
     * instance emits continues exactly where the other left off.
     */
    replay: readonly number[] = [],
  ) {
    this.decoder = tokenizer.streamDecoder();
    this.stops = new StopSequenceMatcher(params.stop);
    for (const token of replay) this.stops.push(this.decoder.push(token));
    this.step = replay.length;
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
    const token = sampleToken(logits, this.params.sampling, this.step);
    this.step++;
    if (token === this.tokenizer.eosToken && !this.params.ignoreEos) return this.finish(token, this.drain(), 'stop');
    const match = this.stops.push(this.decoder.push(token));
    if (match.stopped) return this.finish(token, match.emit, 'stop');
    if (this.step >= this.params.maxTokens) return this.finish(token, match.emit + this.drain(), 'length');
    return { token, text: match.emit };
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
