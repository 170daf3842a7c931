import { randomInt } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { type InstanceRegistry, type PipelineFailure, type RequestPipeline, type RequestSummary } from '@tsukimi/conductor';
import { type GeneratedToken, type Tokenizer } from '@tsukimi/engine';
import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import {
  type ApiError,
  type ChatCompletionRequest,
  ChatStream,
  type CompletionRequest,
  CompletionStream,
  checkTokenIds,
  fitTokenBudget,
  internal,
  invalidRequest,
  modelNotFound,
  parseChatCompletionRequest,
  parseCompletionRequest,
  randomHexId,
  rateLimited,
  renderChatPrompt,
  ResponseIds,
  serviceUnavailable,
  buildChatCompletion,
  buildCompletion,
  type SseStream,
} from '@tsukimi/openai';
import { PRIORITY_CLASSES, type PriorityClass } from '@tsukimi/scheduler';
import { CLOCK, Metrics } from '@tsukimi/service-kit';
import { type Clock } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { CONDUCTOR_CONFIG, PIPELINE, REGISTRY } from '../conductor.tokens';
import { ResponseWriter } from './response-writer';
import { provenanceHeaders, provenanceUsage } from './provenance';
import { tokenizerById } from './tokenizers';

export type Endpoint = 'completions' | 'chat';

/** What the request's headers say besides its body. */
export interface RequestContext {
  readonly tenant: string;
  /** `high`, `normal` or `low`; absent is `normal`. */
  readonly priority: string | undefined;
  readonly sessionId: string | undefined;
}

/**
 * The OpenAI endpoints' request path: parse and validate, tokenize, run the pipeline, and
 * answer as one JSON body or as server-sent events. Counts every outcome in the metrics.
 */
@Injectable()
export class CompletionService {
  private readonly ids = new ResponseIds(() => randomHexId(), () => Date.now());
  private readonly hashers = new Map<string, BlockKeyHasher>();

  constructor(
    @Inject(PIPELINE) private readonly pipeline: RequestPipeline,
    @Inject(REGISTRY) private readonly registry: InstanceRegistry,
    @Inject(CONDUCTOR_CONFIG) private readonly config: ConductorConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The name clients use for the model the cluster serves, once an instance has described it. */
  modelName(): string | undefined {
    return this.config.servedModelName ?? this.registry.clusterFacts()?.modelId;
  }

  async handle(endpoint: Endpoint, body: unknown, context: RequestContext, raw: ServerResponse): Promise<void> {
    const startMs = this.clock.monotonicMs();
    const requestId = randomHexId();
    const out = new ResponseWriter(raw, { 'x-request-id': requestId });
    const tenant = context.tenant;
    const priority = context.priority ?? 'normal';
    if (!(PRIORITY_CLASSES as readonly string[]).includes(priority)) {
      return this.refuse(out, invalidRequest(`The ${this.config.priorityHeader} header must be one of ${PRIORITY_CLASSES.join(', ')}; got "${priority.slice(0, 40)}".`, null), 'invalid');
    }
    const parsed = endpoint === 'chat' ? parseChatCompletionRequest(body) : parseCompletionRequest(body);
    if (!parsed.ok) return this.refuse(out, parsed.error, 'invalid');
    const request = parsed.value;
    const facts = this.registry.clusterFacts();
    const tokenizer = facts && tokenizerById(facts.tokenizerId);
    if (!facts || !tokenizer) return this.refuse(out, serviceUnavailable('no instance has described the model yet', 1), 'unavailable');
    if (request.model !== this.modelName()) return this.refuse(out, modelNotFound(request.model), 'invalid');

    const prompt = this.promptTokens(request, tokenizer);
    const known = checkTokenIds(prompt, tokenizer.vocabSize);
    if (!known.ok) return this.refuse(out, known.error, 'invalid');
    const budget = fitTokenBudget({ promptTokens: prompt.length, maxTokens: request.maxTokens, contextTokens: facts.contextTokens, param: endpoint === 'chat' ? 'messages' : 'prompt' });
    if (!budget.ok) return this.refuse(out, budget.error, 'invalid');

    const stamp = endpoint === 'chat' ? this.ids.chat() : this.ids.completion();
    const stream: SseStream | undefined = request.stream
      ? new (endpoint === 'chat' ? ChatStream : CompletionStream)({ stamp, model: request.model, includeUsage: request.includeUsage })
      : undefined;
    const abort = new AbortController();
    raw.on('close', () => {
      if (!raw.writableFinished) abort.abort();
    });

    let text = '';
    const tokenIds: number[] = [];
    let firstAtMs: number | undefined;
    const sink = {
      token: (token: GeneratedToken) => {
        firstAtMs ??= this.clock.monotonicMs();
        if (tokenIds.length === 0) this.metrics.get('tsukimi_ttft_seconds').observe((firstAtMs - startMs) / 1000);
        tokenIds.push(token.token);
        text += token.text;
        if (stream) {
          if (!out.streamStarted) out.sse(stream.open());
          out.sse(stream.delta({ text: token.text, ...(request.returnTokenIds ? { tokenIds: [token.token] } : {}), ...(token.finishReason ? { finishReason: token.finishReason } : {}) }));
        }
      },
    };
    const generation = {
      maxTokens: budget.value,
      sampling: { ...request.sampling, seed: request.sampling.seed ?? randomInt(0, 2 ** 47) },
      stop: request.stop,
      ignoreEos: request.ignoreEos,
    };
    this.metrics.get('tsukimi_prompt_tokens_total').inc(prompt.length);
    const result = await this.pipeline.run(
      { requestId, promptTokens: prompt, tenantSalt: tenant, generation, priority: priority as PriorityClass, ...(context.sessionId ? { sessionId: context.sessionId } : {}) },
      this.hasher(facts.modelId, tenant, facts.blockSizeTokens),
      sink,
      abort.signal,
    );
    this.metrics.get('tsukimi_generated_tokens_total').inc(tokenIds.length);
    if (!result.ok) return this.fail(out, stream, result.error, abort.signal.aborted);

    const summary = result.value;
    this.record(summary, startMs);
    const usage = { promptTokens: summary.promptTokens, completionTokens: summary.completionTokens, cachedTokens: summary.cachedTokens, tsukimi: provenanceUsage(summary.provenance) };
    if (stream) {
      out.sse(stream.end(usage));
      return out.end();
    }
    const output = { text, finishReason: summary.finishReason, ...(request.returnTokenIds ? { tokenIds } : {}) };
    out.json(200, (endpoint === 'chat' ? buildChatCompletion : buildCompletion)({ stamp, model: request.model, output, usage }), provenanceHeaders(summary.provenance));
  }

  private promptTokens(request: CompletionRequest | ChatCompletionRequest, tokenizer: Tokenizer): number[] {
    if ('messages' in request) return renderChatPrompt(request.messages, tokenizer);
    return request.prompt.kind === 'text' ? tokenizer.encode(request.prompt.text) : [...request.prompt.tokens];
  }

  private hasher(modelId: string, tenantSalt: string, blockSizeTokens: number): BlockKeyHasher {
    let hasher = this.hashers.get(tenantSalt);
    if (!hasher || hasher.blockSizeTokens !== blockSizeTokens) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId, tenantSalt, blockSizeTokens }));
      if (this.hashers.size > 1024) this.hashers.clear();
      this.hashers.set(tenantSalt, hasher);
    }
    return hasher;
  }

  private record(summary: RequestSummary, startMs: number): void {
    const m = this.metrics;
    m.get('tsukimi_requests_total').inc({ outcome: 'ok' });
    m.get('tsukimi_admissions_total').inc();
    m.get('tsukimi_e2e_latency_seconds').observe((this.clock.monotonicMs() - startMs) / 1000);
    const reused = summary.provenance.reusedTokens;
    for (const tier of ['device', 'dram', 'ssd'] as const) if (reused[tier] > 0) m.get('tsukimi_cached_tokens_total').inc({ tier }, reused[tier]);
  }

  private refuse(out: ResponseWriter, error: ApiError, outcome: 'invalid' | 'unavailable'): void {
    this.metrics.get('tsukimi_requests_total').inc({ outcome });
    out.error(error);
  }

  private fail(out: ResponseWriter, stream: SseStream | undefined, failure: PipelineFailure, clientGone: boolean): void {
    if (failure.kind === 'rejected') {
      this.metrics.get('tsukimi_rejections_total').inc({ reason: failure.reason });
      this.metrics.get('tsukimi_requests_total').inc({ outcome: 'rejected' });
      const limited = rateLimited(failure.message, Math.max(1, Math.ceil(failure.retryAfterMs / 1000)));
      return out.error({ ...limited, headers: { ...limited.headers, 'x-tsukimi-reject-reason': failure.reason } });
    }
    this.metrics.get('tsukimi_requests_total').inc({ outcome: clientGone ? 'cancelled' : 'error' });
    const error = failure.kind === 'prefill-failed' ? serviceUnavailable(`prefill failed: ${failure.message}`, 1) : internal();
    if (stream && out.streamStarted) {
      out.sse(stream.fail(error));
      return out.end();
    }
    out.error(error);
  }
}
