import { compileOutputConstraint, describeSchemaError, type TokenConstraint } from '@tsukimi/structured-output';
import { type Tokenizer } from '../tokenizer/tokenizer.port';
import { type GenerationParams } from './generation-params';
import { TokenPenalties } from './token-penalties';

/**
 * What a request does to the logits before sampling: penalties, logit bias, the
 * min-tokens mask, the structured-output mask. A request that uses none of them gets its
 * logits back untouched, so it samples exactly as it always did.
 */
export class LogitsProcessor {
  private readonly penalties: TokenPenalties;
  private readonly constraint: TokenConstraint | null;
  /** Tokens that end generation, masked while fewer than `minTokens` were generated. */
  private readonly enders: readonly number[];
  private readonly active: boolean;

  constructor(
    private readonly params: GenerationParams,
    private readonly tokenizer: Tokenizer,
    prompt: readonly number[],
  ) {
    this.penalties = new TokenPenalties(params, prompt);
    this.constraint = params.constraint ? startConstraint(params, tokenizer) : null;
    this.enders = [...(params.ignoreEos ? [] : [tokenizer.eosToken]), ...(params.stopTokenIds ?? [])];
    const minTokens = (params.minTokens ?? 0) > 0 && this.enders.length > 0;
    this.active = this.penalties.active || (params.logitBias?.length ?? 0) > 0 || minTokens || this.constraint !== null;
  }

  /** Whether the structured output is a complete value. */
  get constraintComplete(): boolean {
    return this.constraint?.complete ?? false;
  }

  /** The logits to sample step `step` from. */
  process(logits: ArrayLike<number>, step: number): ArrayLike<number> {
    if (!this.active) return logits;
    const out = Float64Array.from(logits);
    this.penalties.apply(out);
    for (const [token, bias] of this.params.logitBias ?? []) if (token >= 0 && token < out.length) out[token] = out[token]! + bias;
    if (this.constraint) {
      const allowed = this.constraint.allowedTokens();
      for (let t = 0; t < out.length; t++) if (allowed[t] === 0) out[t] = -Infinity;
    }
    if (step < (this.params.minTokens ?? 0)) this.maskEnders(out);
    return out;
  }

  /** Records the chosen token. */
  accept(token: number): void {
    this.penalties.record(token);
    if (this.constraint && !this.constraint.accept(token)) throw new Error(`token ${token} breaks the structured-output constraint it was sampled under`);
  }

  /** Masks EOS and the stop token ids, unless nothing else is left (a finished structured output still ends). */
  private maskEnders(logits: Float64Array): void {
    const enders = new Set(this.enders);
    let other = false;
    for (let t = 0; t < logits.length && !other; t++) other = !enders.has(t) && logits[t] !== -Infinity;
    if (!other) return;
    for (const token of enders) if (token >= 0 && token < logits.length) logits[token] = -Infinity;
  }
}

function startConstraint(params: GenerationParams, tokenizer: Tokenizer): TokenConstraint {
  const compiled = compileOutputConstraint(params.constraint!);
  if (!compiled.ok) throw new Error(`structured-output constraint should have been refused at the API: ${describeSchemaError(compiled.error)}`);
  return compiled.value.start(tokenizer);
}
