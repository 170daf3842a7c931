import { type GenerationParams } from '@tsukimi/engine';
import {
  type ApiError,
  buildGenerationParams,
  type ChatCompletionRequest,
  checkMinTokens,
  checkTokenIds,
  type CompletionRequest,
  fitTokenBudget,
} from '@tsukimi/openai';
import { ok, type Result } from '@tsukimi/result';
import { type ModelLanguage } from '../model/model-language';

export interface PromptInput {
  readonly tokens: readonly number[];
  /** The prompt as text, for `echo`. */
  readonly text: string;
}

/** Each prompt's tokens in the model's language, and its text for `echo`. */
export function promptInputs(request: CompletionRequest | ChatCompletionRequest, language: ModelLanguage): PromptInput[] {
  if ('messages' in request) return [{ tokens: language.chatTokens(request.messages), text: '' }];
  return request.prompts.map((p) => (p.kind === 'text' ? { tokens: language.completionTokens(p.text), text: p.text } : { tokens: [...p.tokens], text: language.tokenizer.decode(p.tokens) }));
}

export interface PlanContext {
  readonly vocabSize: number;
  readonly contextTokens: number;
  /** The server's bound on one completion, for requests that set no budget. */
  readonly maxCompletionTokens: number;
  readonly seed: number;
  /** The request field a prompt that is too long is blamed on. */
  readonly param: 'prompt' | 'messages';
  /** The model's end-of-turn tokens besides EOS. */
  readonly endOfGeneration: readonly number[];
}

/** Checks what needs the model (vocabulary, context) and gives each prompt its engine parameters. */
export function planGenerations(request: CompletionRequest | ChatCompletionRequest, prompts: readonly PromptInput[], c: PlanContext): Result<GenerationParams[], ApiError> {
  for (const [tokens, name] of [[request.logitBias.map(([token]) => token), 'logit_bias'], [request.stopTokenIds, 'stop_token_ids']] as const) {
    const known = checkTokenIds(tokens, c.vocabSize, name);
    if (!known.ok) return known;
  }
  const params: GenerationParams[] = [];
  for (const prompt of prompts) {
    const known = checkTokenIds(prompt.tokens, c.vocabSize);
    if (!known.ok) return known;
    const budget = fitTokenBudget({ promptTokens: prompt.tokens.length, maxTokens: request.maxTokens, contextTokens: c.contextTokens, maxCompletionTokens: c.maxCompletionTokens, param: c.param });
    if (!budget.ok) return budget;
    const minTokens = checkMinTokens(request.minTokens, budget.value);
    if (!minTokens.ok) return minTokens;
    const built = buildGenerationParams(request, { maxTokens: budget.value, seed: c.seed });
    if (!built.ok) return built;
    params.push(endingAtTurnEnd(built.value, c.endOfGeneration));
  }
  return ok(params);
}

/** The request's stop token ids plus the model's end-of-turn tokens, unless it ignores EOS. */
function endingAtTurnEnd(params: GenerationParams, endOfGeneration: readonly number[]): GenerationParams {
  if (params.ignoreEos || endOfGeneration.length === 0) return params;
  return { ...params, stopTokenIds: [...new Set([...(params.stopTokenIds ?? []), ...endOfGeneration])] };
}
