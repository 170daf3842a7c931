import * as fs from 'node:fs';
import { type GeneratedToken, Generation, type GenerationParams } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { expectOk } from '@tsukimi/result';

/**
 * The model run alone, in this process: prefill, then Generation step by step, as
 * `tsukimi generate` does, keeping every token as Generation reports it (logprobs included).
 * What the cluster returns must equal it.
 */
export class GenerationAlone {
  private constructor(private readonly engine: ReferenceEngine) {}

  static load(modelPath: string): GenerationAlone {
    return new GenerationAlone(expectOk(ReferenceEngine.fromGguf(fs.readFileSync(modelPath)), 'reference engine'));
  }

  get tokenizer() {
    return this.engine.tokenizer;
  }

  async run(prompt: readonly number[], params: GenerationParams): Promise<GeneratedToken[]> {
    const sequence = this.engine.openSequence();
    try {
      const prefilled = expectOk(await this.engine.prefill(sequence, prompt), 'prefill');
      const generation = new Generation(params, this.engine.tokenizer, { prompt });
      const tokens: GeneratedToken[] = [];
      let logits = prefilled.logits[prefilled.logits.length - 1]!;
      for (;;) {
        const next = generation.next(logits);
        tokens.push(next);
        if (next.finishReason) return tokens;
        logits = expectOk(await this.engine.decode([{ sequence, token: next.token }]), 'decode')[0]!;
      }
    } finally {
      this.engine.closeSequence(sequence);
    }
  }

  /** The natural-log softmax of the raw next-token logits after `prompt`. */
  async logSoftmax(prompt: readonly number[]): Promise<number[]> {
    const sequence = this.engine.openSequence();
    try {
      const prefilled = expectOk(await this.engine.prefill(sequence, prompt), 'prefill');
      const logits = Array.from(prefilled.logits[prefilled.logits.length - 1]!);
      const max = Math.max(...logits);
      const logSum = Math.log(logits.reduce((sum, l) => sum + Math.exp(l - max), 0)) + max;
      return logits.map((l) => l - logSum);
    } finally {
      this.engine.closeSequence(sequence);
    }
  }
}
