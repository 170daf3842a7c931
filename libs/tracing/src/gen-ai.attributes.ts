import { type SpanAttributes } from './tracer.port';

/**
 * OpenTelemetry GenAI semantic-convention attribute names (gen-ai-spans, semconv 1.37+). They
 * are experimental upstream, so they are spelled here once rather than imported from the
 * incubating entry point, whose names may move between minor releases.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestSeed: 'gen_ai.request.seed',
  requestChoiceCount: 'gen_ai.request.choice.count',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
} as const;

/** `chat` for chat completions and Anthropic messages, `text_completion` for legacy completions. */
export type GenAiOperation = 'chat' | 'text_completion';

export interface GenAiRequest {
  readonly operation: GenAiOperation;
  /** The model name as the client asked for it. */
  readonly model: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly seed?: number;
  /** Choices asked for; the convention records it only when not 1. */
  readonly choiceCount?: number;
}

export interface GenAiUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Prompt tokens whose KV was reused from any tier (device, DRAM, SSD): included in `inputTokens`. */
  readonly cachedInputTokens: number;
  readonly finishReasons?: readonly string[];
}

/** The span name the convention asks for: `{operation} {model}`. */
export function genAiSpanName(request: Pick<GenAiRequest, 'operation' | 'model'>): string {
  return `${request.operation} ${request.model}`;
}

/** The request-side attributes, known before any instance runs the request. */
export function genAiRequestAttributes(request: GenAiRequest): SpanAttributes {
  return {
    [GEN_AI.operationName]: request.operation,
    [GEN_AI.providerName]: 'tsukimi',
    [GEN_AI.requestModel]: request.model,
    [GEN_AI.requestMaxTokens]: request.maxTokens,
    [GEN_AI.requestTemperature]: request.temperature,
    [GEN_AI.requestTopP]: request.topP,
    [GEN_AI.requestSeed]: request.seed,
    [GEN_AI.requestChoiceCount]: request.choiceCount === undefined || request.choiceCount === 1 ? undefined : request.choiceCount,
  };
}

/** The usage attributes, set once the request has finished. */
export function genAiUsageAttributes(usage: GenAiUsage): SpanAttributes {
  return {
    [GEN_AI.usageInputTokens]: usage.inputTokens,
    [GEN_AI.usageOutputTokens]: usage.outputTokens,
    [GEN_AI.usageCacheReadInputTokens]: usage.cachedInputTokens,
    [GEN_AI.responseFinishReasons]: usage.finishReasons && usage.finishReasons.length > 0 ? [...usage.finishReasons] : undefined,
  };
}
