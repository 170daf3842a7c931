import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type GeneratedToken__Output as WireTokenOut } from '../generated/tsukimi/v1/GeneratedToken';
import { type GenerationParams as WireParams, type GenerationParams__Output as WireParamsOut } from '../generated/tsukimi/v1/GenerationParams';
import { constraintFromWire, constraintToWire } from './constraint.mapper';

/** The most alternatives per token a request may ask for (the OpenAI API's `top_logprobs` limit). */
export const MAX_TOP_LOGPROBS = 20;

type Controls = Omit<GenerationParams, 'maxTokens' | 'sampling' | 'stop' | 'ignoreEos'>;

/** Generation parameters from the wire, checked: a bad value is named, never guessed. */
export function generationFromWire(wire: WireParamsOut | null): Result<GenerationParams, string> {
  if (!wire) return err('generation parameters are missing');
  const sampling = wire.sampling;
  if (!sampling) return err('sampling parameters are missing');
  if (!Number.isFinite(sampling.temperature) || sampling.temperature < 0) return err(`temperature must be >= 0, got ${sampling.temperature}`);
  if (!(sampling.topP > 0 && sampling.topP <= 1)) return err(`top_p must be in (0, 1], got ${sampling.topP}`);
  if (!Number.isSafeInteger(sampling.seed) || sampling.seed < 0) return err(`seed must be a non-negative safe integer, got ${sampling.seed}`);
  if (wire.maxTokens < 1) return err(`max_tokens must be >= 1, got ${wire.maxTokens}`);
  const controls = controlsFromWire(wire);
  if (!controls.ok) return controls;
  return ok({
    maxTokens: wire.maxTokens,
    sampling: { temperature: sampling.temperature, topP: sampling.topP, topK: sampling.topK, seed: sampling.seed },
    stop: wire.stop,
    ignoreEos: wire.ignoreEos,
    ...controls.value,
  });
}

/** The optional controls, each present only when it changes generation, so old requests map as before. */
function controlsFromWire(wire: WireParamsOut): Result<Controls, string> {
  const { minTokens, stopTokenIds, logitBias, presencePenalty, frequencyPenalty, repetitionPenalty, logprobs, topLogprobs } = wire;
  if (minTokens > wire.maxTokens) return err(`min_tokens must be <= max_tokens (${wire.maxTokens}), got ${minTokens}`);
  for (const [name, value] of [['presence_penalty', presencePenalty], ['frequency_penalty', frequencyPenalty]] as const) {
    if (!(Number.isFinite(value) && value >= -2 && value <= 2)) return err(`${name} must be in [-2, 2], got ${value}`);
  }
  if (!(Number.isFinite(repetitionPenalty) && repetitionPenalty >= 0)) return err(`repetition_penalty must be > 0, got ${repetitionPenalty}`);
  const badBias = logitBias.find((b) => !(Number.isFinite(b.bias) && b.bias >= -100 && b.bias <= 100));
  if (badBias) return err(`logit_bias for token ${badBias.token} must be in [-100, 100], got ${badBias.bias}`);
  if (topLogprobs > MAX_TOP_LOGPROBS) return err(`top_logprobs must be <= ${MAX_TOP_LOGPROBS}, got ${topLogprobs}`);
  if (topLogprobs > 0 && !logprobs) return err('top_logprobs needs logprobs');
  const constraint = constraintFromWire(wire.constraint);
  if (!constraint.ok) return constraint;
  return ok({
    ...(minTokens > 0 ? { minTokens } : {}),
    ...(stopTokenIds.length > 0 ? { stopTokenIds } : {}),
    ...(logitBias.length > 0 ? { logitBias: logitBias.map((b) => [b.token, b.bias] as const) } : {}),
    ...(presencePenalty !== 0 ? { presencePenalty } : {}),
    ...(frequencyPenalty !== 0 ? { frequencyPenalty } : {}),
    ...(repetitionPenalty !== 0 && repetitionPenalty !== 1 ? { repetitionPenalty } : {}),
    ...(logprobs ? { logprobs: topLogprobs } : {}),
    ...(constraint.value ? { constraint: constraint.value } : {}),
  });
}

export function generationToWire(params: GenerationParams): WireParams {
  const { temperature, topP, topK, seed } = params.sampling;
  return {
    maxTokens: params.maxTokens,
    sampling: { temperature, topP, topK, seed },
    stop: [...params.stop],
    ignoreEos: params.ignoreEos ?? false,
    minTokens: params.minTokens ?? 0,
    stopTokenIds: [...(params.stopTokenIds ?? [])],
    logitBias: (params.logitBias ?? []).map(([token, bias]) => ({ token, bias })),
    presencePenalty: params.presencePenalty ?? 0,
    frequencyPenalty: params.frequencyPenalty ?? 0,
    repetitionPenalty: params.repetitionPenalty ?? 1,
    logprobs: params.logprobs !== undefined,
    topLogprobs: params.logprobs ?? 0,
    constraint: params.constraint ? constraintToWire(params.constraint) : null,
  };
}

export function tokenToWire(token: GeneratedToken): WireTokenOut {
  const hasLogprob = token.logprob !== undefined;
  return {
    token: token.token,
    text: token.text,
    finishReason: token.finishReason ?? '',
    hasLogprob,
    logprob: token.logprob ?? 0,
    topLogprobs: (token.topLogprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob })),
  };
}

/** A wire token back in domain form; an empty finish reason means "not the last". */
export function tokenFromWire(wire: WireTokenOut): GeneratedToken {
  const finishReason = wire.finishReason === 'stop' || wire.finishReason === 'length' ? wire.finishReason : undefined;
  return {
    token: wire.token,
    text: wire.text,
    ...(finishReason ? { finishReason } : {}),
    ...(wire.hasLogprob ? { logprob: wire.logprob, topLogprobs: wire.topLogprobs.map((t) => ({ token: t.token, logprob: t.logprob })) } : {}),
  };
}
