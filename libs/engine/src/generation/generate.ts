import { err, ok, type Result } from '@tsukimi/result';
import { type EngineError } from '../engine.errors';
import { type Engine } from '../engine.port';
import { Generation } from './generation';
import { type FinishReason, type GenerationParams } from './generation-params';

export interface GenerateOutcome {
  /** Generated token ids, prompt excluded (an ending EOS included). */
  readonly tokens: number[];
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly promptTokens: number;
  /** Prompt tokens whose KV came from the engine's block cache. */
  readonly reusedTokens: number;
}

/** Runs one request start to finish in one engine: prefill, then decode steps until it ends. */
export async function generate(engine: Engine, prompt: readonly number[], params: GenerationParams, tenantSalt = ''): Promise<Result<GenerateOutcome, EngineError>> {
  if (params.maxTokens < 1) return ok({ tokens: [], text: '', finishReason: 'length', promptTokens: prompt.length, reusedTokens: 0 });
  const sequence = engine.openSequence(tenantSalt);
  try {
    const prefilled = await engine.prefill(sequence, prompt);
    if (!prefilled.ok) return prefilled;
    const generation = new Generation(params, engine.tokenizer, { prompt });
    const tokens: number[] = [];
    let text = '';
    let logits = prefilled.value.logits[prefilled.value.logits.length - 1]!;
    for (;;) {
      const next = generation.next(logits);
      tokens.push(next.token);
      text += next.text;
      if (next.finishReason) {
        return ok({ tokens, text, finishReason: next.finishReason, promptTokens: prompt.length, reusedTokens: prefilled.value.reusedTokens });
      }
      const stepped = await engine.decode([{ sequence, token: next.token }]);
      if (!stepped.ok) return err(stepped.error);
      logits = stepped.value[0]!;
    }
  } finally {
    engine.closeSequence(sequence);
  }
}
