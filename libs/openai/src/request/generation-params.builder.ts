import { type GenerationParams } from '@tsukimi/engine';
import { err, ok } from '@tsukimi/result';
import { compileOutputConstraint, describeSchemaError, type OutputConstraint } from '@tsukimi/structured-output';
import { invalidRequest } from '../errors/api-error.builders';
import { type Parsed } from './json.reader';
import { type GenerationOptions, type ResponseFormat } from './request.model';

/** What the server settles for a request before generation: the budget and the seed. */
export interface GenerationSettled {
  /** After `fitTokenBudget`. */
  readonly maxTokens: number;
  /** The request's seed, or one the server picked. */
  readonly seed: number;
}

/**
 * The engine's parameters for a validated request. Controls left at their defaults are left
 * out, so such a request samples exactly as one from before they existed. A JSON schema the
 * engine cannot enforce is a 400 naming the keyword, at `response_format.json_schema.schema`.
 */
export function buildGenerationParams(o: GenerationOptions, settled: GenerationSettled): Parsed<GenerationParams> {
  const constraint = outputConstraint(o.responseFormat);
  if (constraint) {
    const compiled = compileOutputConstraint(constraint);
    if (!compiled.ok) {
      const param = 'response_format.json_schema.schema';
      return err(invalidRequest(`Unsupported value: '${param}' has an ${describeSchemaError(compiled.error)}.`, param, 'unsupported_value'));
    }
  }
  return ok({
    maxTokens: settled.maxTokens,
    sampling: { ...o.sampling, seed: settled.seed },
    stop: o.stop,
    ignoreEos: o.ignoreEos,
    ...(o.minTokens > 0 ? { minTokens: o.minTokens } : {}),
    ...(o.stopTokenIds.length > 0 ? { stopTokenIds: o.stopTokenIds } : {}),
    ...(o.logitBias.length > 0 ? { logitBias: o.logitBias } : {}),
    ...(o.presencePenalty !== 0 ? { presencePenalty: o.presencePenalty } : {}),
    ...(o.frequencyPenalty !== 0 ? { frequencyPenalty: o.frequencyPenalty } : {}),
    ...(o.repetitionPenalty !== 1 ? { repetitionPenalty: o.repetitionPenalty } : {}),
    ...(o.logprobs !== undefined ? { logprobs: o.logprobs } : {}),
    ...(constraint ? { constraint } : {}),
  });
}

function outputConstraint(format: ResponseFormat): OutputConstraint | undefined {
  switch (format.kind) {
    case 'text':
      return undefined;
    case 'json-object':
      return { kind: 'json-object' };
    case 'json-schema':
      return { kind: 'json-schema', schema: format.schema, name: format.name };
  }
}
