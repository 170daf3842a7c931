import { type GenAiOperation, genAiRequestAttributes, genAiSpanName, genAiUsageAttributes, type SpanAttributes, type SpanOptions, validTraceparent } from '@tsukimi/tracing';
import { type Endpoint } from '../completion/endpoint.answers';
import { type RequestSummary } from '../request.model';
import { TSUKIMI_ATTRIBUTES as A } from './span-names';

export interface TracedRequest {
  readonly endpoint: Endpoint;
  /** The model name the client asked for. */
  readonly model: string;
  readonly requestId: string;
  readonly maxTokens: number | undefined;
  readonly sampling: { readonly temperature: number; readonly topP: number; readonly seed?: number | undefined };
  /** Choices over every prompt (`n` times the prompts). */
  readonly choices: number;
  /**
   * The client's W3C `traceparent` header as it arrived. A valid one makes the request's span its
   * child, sampled as the client decided; an invalid one is ignored and the request starts a new trace.
   */
  readonly traceparent?: string | undefined;
}

export interface TracedUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens: number;
}

const OPERATIONS: Readonly<Record<Endpoint, GenAiOperation>> = { completions: 'text_completion', chat: 'chat', messages: 'chat' };

/** The root span of one request, `{operation} {model}` with the GenAI request attributes, in the client's trace when it sent one. */
export function requestSpan(request: TracedRequest): { readonly name: string; readonly options: SpanOptions } {
  const operation = OPERATIONS[request.endpoint];
  const parent = validTraceparent(request.traceparent);
  return {
    name: genAiSpanName({ operation, model: request.model }),
    options: {
      kind: 'server',
      ...(parent === undefined ? {} : { parent }),
      attributes: {
        ...genAiRequestAttributes({
          operation,
          model: request.model,
          maxTokens: request.maxTokens,
          temperature: request.sampling.temperature,
          topP: request.sampling.topP,
          seed: request.sampling.seed,
          choiceCount: request.choices,
        }),
        [A.requestId]: request.requestId,
      },
    },
  };
}

/** The usage the client is told, as GenAI attributes, with where the first choice ran and where its KV came from. */
export function requestUsageAttributes(usage: TracedUsage, summaries: readonly RequestSummary[]): SpanAttributes {
  const first = summaries[0]?.provenance;
  return {
    ...genAiUsageAttributes({
      inputTokens: usage.promptTokens,
      outputTokens: usage.completionTokens,
      cachedInputTokens: usage.cachedTokens,
      finishReasons: summaries.map((s) => s.finishReason),
    }),
    [A.prefillInstance]: first?.prefillInstance,
    [A.decodeInstance]: first?.decodeInstance,
    [A.reusedDeviceTokens]: first?.reusedTokens.device,
    [A.reusedDramTokens]: first?.reusedTokens.dram,
    [A.reusedSsdTokens]: first?.reusedTokens.ssd,
  };
}
