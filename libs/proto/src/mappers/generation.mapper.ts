import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type GeneratedToken__Output as WireTokenOut } from '../generated/tsukimi/v1/GeneratedToken';
import { type GenerationParams as WireParams, type GenerationParams__Output as WireParamsOut } from '../generated/tsukimi/v1/GenerationParams';

/** Generation parameters from the wire, checked: a bad value is named, never guessed. */
export function generationFromWire(wire: WireParamsOut | null): Result<GenerationParams, string> {
  if (!wire) return err('generation parameters are missing');
  const sampling = wire.sampling;
  if (!sampling) return err('sampling parameters are missing');
  if (!Number.isFinite(sampling.temperature) || sampling.temperature < 0) return err(`temperature must be >= 0, got ${sampling.temperature}`);
  if (!(sampling.topP > 0 && sampling.topP <= 1)) return err(`top_p must be in (0, 1], got ${sampling.topP}`);
  if (!Number.isSafeInteger(sampling.seed) || sampling.seed < 0) return err(`seed must be a non-negative safe integer, got ${sampling.seed}`);
  if (wire.maxTokens < 1) return err(`max_tokens must be >= 1, got ${wire.maxTokens}`);
  return ok({
    maxTokens: wire.maxTokens,
    sampling: { temperature: sampling.temperature, topP: sampling.topP, topK: sampling.topK, seed: sampling.seed },
    stop: wire.stop,
    ignoreEos: wire.ignoreEos,
  });
}

export function generationToWire(params: GenerationParams): WireParams {
  const { temperature, topP, topK, seed } = params.sampling;
  return { maxTokens: params.maxTokens, sampling: { temperature, topP, topK, seed }, stop: [...params.stop], ignoreEos: params.ignoreEos ?? false };
}

export function tokenToWire(token: GeneratedToken): WireTokenOut {
  return { token: token.token, text: token.text, finishReason: token.finishReason ?? '' };
}

/** A wire token back in domain form; an empty finish reason means "not the last". */
export function tokenFromWire(wire: WireTokenOut): GeneratedToken {
  const finishReason = wire.finishReason === 'stop' || wire.finishReason === 'length' ? wire.finishReason : undefined;
  return finishReason ? { token: wire.token, text: wire.text, finishReason } : { token: wire.token, text: wire.text };
}
