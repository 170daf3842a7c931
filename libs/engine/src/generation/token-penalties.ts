import { type GenerationParams } from './generation-params';

/**
 * The tokens a request has seen, for penalties: how often each was generated, and
 * which appeared in the prompt. Fed every generated token, replayed ones included, so
 * any instance applies the same penalties at the same step.
 */
export class TokenPenalties {
  private readonly generated = new Map<number, number>();
  private readonly prompt: ReadonlySet<number>;
  private readonly repetition: number;
  private readonly frequency: number;
  private readonly presence: number;

  constructor(params: GenerationParams, prompt: readonly number[]) {
    this.repetition = params.repetitionPenalty ?? 1;
    this.frequency = params.frequencyPenalty ?? 0;
    this.presence = params.presencePenalty ?? 0;
    this.prompt = this.repetition !== 1 ? new Set(prompt) : new Set();
  }

  get active(): boolean {
    return this.repetition !== 1 || this.frequency !== 0 || this.presence !== 0;
  }

  record(token: number): void {
    this.generated.set(token, (this.generated.get(token) ?? 0) + 1);
  }

  /**
   * vLLM's order: the repetition penalty over prompt and generated tokens (positive logits
   * divided by it, negative multiplied), then frequency and presence over generated ones.
   */
  apply(logits: Float64Array): void {
    if (this.repetition !== 1) {
      const seen = new Set([...this.prompt, ...this.generated.keys()]);
      for (const token of seen) {
        if (token < 0 || token >= logits.length) continue;
        const v = logits[token]!;
        logits[token] = v > 0 ? v / this.repetition : v * this.repetition;
      }
    }
    if (this.frequency === 0 && this.presence === 0) return;
    for (const [token, count] of this.generated) {
      if (token < 0 || token >= logits.length) continue;
      logits[token] = logits[token]! - this.frequency * count - this.presence;
    }
  }
}
