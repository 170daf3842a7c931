import { randomInt } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { ChoiceFanout, choiceSeed, type InstanceRegistry, type PipelineFailure, type RequestPipeline, type RequestSummary } from '@tsukimi/conductor';
import { type GeneratedToken, type GenerationParams, type Tokenizer } from '@tsukimi/engine';
import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import {
  type ApiError,
  buildGenerationParams,
  type ChatCompletionRequest,
  checkMinTokens,
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
import { ok, type Result } from '@tsukimi/result';
import { PRIORITY_CLASSES, type PriorityClass } from '@tsukimi/scheduler';
import { CLOCK, Metrics } from '@tsukimi/service-kit';
import { type Clock } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { CONDUCTOR_CONFIG, PIPELINE, REGISTRY } from '../conductor.tokens';
import { ChoiceCollector } from './choice.collector';
import { ResponseWriter } from './response-writer';
import { provenanceHeaders, provenanceUsage } from './provenance';
import { tokenizerById } from './tokenizers';

export type Endpoint = 'completions' | 'chat';

interface PromptInput {
  readonly tokens: readonly number[];
  /** The prompt as text, for `echo`. */
  readonly text: string;
}

/** What the request's headers say besides its body. */
export interface RequestContext {
  readonly tenant: string;
  /** `high`, `normal` or `low`; absent is `normal`. */
  readonly priority: string | undefined;
  readonly sessionId: string | undefined;
}

/**
 * The OpenAI endpoints' request path: parse and validate, tokenize, run every choice of every
 * prompt through the pipeline, and answer as one JSON body or as server-sent events. Counts
 * every outcome in the metrics.
 */
@Injectable()
export class CompletionService {
  private readonly ids = new ResponseIds(() => randomHexId(), () => Date.now());
  private readonly hashers = new Map<string, BlockKeyHasher>();
  private readonly fanout: ChoiceFanout;

  constructor(
    @Inject(PIPELINE) private readonly pipeline: RequestPipeline,
    @Inject(REGISTRY) private readonly registry: InstanceRegistry,
    @Inject(CONDUCTOR_CONFIG) private readonly config: ConductorConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.fanout = new ChoiceFanout(pipeline);
  }

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

    const prompts = this.prompts(request, tokenizer.tokenizer);
    const seed = request.sampling.seed ?? randomInt(0, 2 ** 47);
    const planned = this.plan(request, prompts, tokenizer.tokenizer.vocabSize, facts.contextTokens, seed, endpoint === 'chat' ? 'messages' : 'prompt');
    if (!planned.ok) return this.refuse(out, planned.error, 'invalid');

    const stamp = endpoint === 'chat' ? this.ids.chat() : this.ids.completion();
    const choiceCount = prompts.length * request.n;
    const setup = { stamp, model: request.model, includeUsage: request.includeUsage, choices: choiceCount, pieces: tokenizer.pieces };
    const stream: SseStream | undefined = request.stream ? new (endpoint === 'chat' ? ChatStream : CompletionStream)(setup) : undefined;
    const abort = new AbortController();
    raw.on('close', () => {
      if (!raw.writableFinished) abort.abort();
    });

    let firstToken = true;
    const echo = 'echo' in request && request.echo;
    const collectors: ChoiceCollector[] = [];
    const groups = prompts.map((prompt, p) =>
      Array.from({ length: request.n }, (_, k) => {
        const index = p * request.n + k;
        const collector = new ChoiceCollector({
          index,
          echo: echo ? prompt.text : '',
          logprobs: request.logprobs !== undefined,
          returnTokenIds: request.returnTokenIds,
          ...(stream ? { stream: { sse: stream, write: (frame: string) => out.sse(frame) } } : {}),
        });
        collectors.push(collector);
        const generation = planned.value[p]!;
        return {
          request: {
            requestId: choiceCount === 1 ? requestId : `${requestId}-${index}`,
            promptTokens: prompt.tokens,
            tenantSalt: tenant,
            generation: { ...generation, sampling: { ...generation.sampling, seed: choiceSeed(seed, k) } },
            priority: priority as PriorityClass,
            ...(context.sessionId ? { sessionId: context.sessionId } : {}),
          },
          sink: {
            token: (token: GeneratedToken) => {
              if (firstToken) this.metrics.get('tsukimi_ttft_seconds').observe((this.clock.monotonicMs() - startMs) / 1000);
              firstToken = false;
              if (stream && !out.streamStarted) out.sse(stream.open());
              collector.token(token);
            },
          },
        };
      }),
    );
    this.metrics.get('tsukimi_prompt_tokens_total').inc(prompts.reduce((n, p) => n + p.tokens.length, 0) * request.n);
    const result = await this.fanout.run(groups, this.hasher(facts.modelId, tenant, facts.blockSizeTokens), abort.signal);
    this.metrics.get('tsukimi_generated_tokens_total').inc(collectors.reduce((n, c) => n + c.tokens, 0));
    if (!result.ok) return this.fail(out, stream, result.error, abort.signal.aborted);

    const summaries = result.value;
    this.record(summaries, startMs);
    const usage = {
      promptTokens: prompts.reduce((n, p) => n + p.tokens.length, 0),
      completionTokens: summaries.reduce((n, s) => n + s.completionTokens, 0),
      // Each prompt counts once, as the client sent it once: its first choice's cache hit.
      cachedTokens: summaries.filter((_, i) => i % request.n === 0).reduce((n, s) => n + s.cachedTokens, 0),
      tsukimi: provenanceUsage(summaries),
    };
    if (stream) {
      out.sse(stream.end(usage));
      return out.end();
    }
    const choices = collectors.map((c) => c.output());
    const response = (endpoint === 'chat' ? buildChatCompletion : buildCompletion)({ stamp, model: request.model, choices, usage, pieces: tokenizer.pieces });
    out.json(200, response, provenanceHeaders(summaries[0]!.provenance));
  }

  /** Each prompt's tokens, and its text for `echo`. */
  private prompts(request: CompletionRequest | ChatCompletionRequest, tokenizer: Tokenizer): PromptInput[] {
    if ('messages' in request) return [{ tokens: renderChatPrompt(request.messages, tokenizer), text: '' }];
    return request.prompts.map((p) => (p.kind === 'text' ? { tokens: tokenizer.encode(p.text), text: p.text } : { tokens: [...p.tokens], text: tokenizer.decode(p.tokens) }));
  }

  /** Checks what needs the model (vocabulary, context) and gives each prompt its engine parameters. */
  private plan(
    request: CompletionRequest | ChatCompletionRequest,
    prompts: readonly PromptInput[],
    vocabSize: number,
    contextTokens: number,
    seed: number,
    param: 'prompt' | 'messages',
  ): Result<GenerationParams[], ApiError> {
    for (const [tokens, name] of [[request.logitBias.map(([token]) => token), 'logit_bias'], [request.stopTokenIds, 'stop_token_ids']] as const) {
      const known = checkTokenIds(tokens, vocabSize, name);
      if (!known.ok) return known;
    }
    const params: GenerationParams[] = [];
    for (const prompt of prompts) {
      const known = checkTokenIds(prompt.tokens, vocabSize);
      if (!known.ok) return known;
      const budget = fitTokenBudget({ promptTokens: prompt.tokens.length, maxTokens: request.maxTokens, contextTokens, param });
      if (!budget.ok) return budget;
      const minTokens = checkMinTokens(request.minTokens, budget.value);
      if (!minTokens.ok) return minTokens;
      const built = buildGenerationParams(request, { maxTokens: budget.value, seed });
      if (!built.ok) return built;
      params.push(built.value);
    }
    return ok(params);
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

  private record(summaries: readonly RequestSummary[], startMs: number): void {
    const m = this.metrics;
    m.get('tsukimi_requests_total').inc({ outcome: 'ok' });
    m.get('tsukimi_admissions_total').inc(summaries.length);
    m.get('tsukimi_e2e_latency_seconds').observe((this.clock.monotonicMs() - startMs) / 1000);
    for (const summary of summaries) {
      const reused = summary.provenance.reusedTokens;
      for (const tier of ['device', 'dram', 'ssd'] as const) if (reused[tier] > 0) m.get('tsukimi_cached_tokens_total').inc({ tier }, reused[tier]);
    }
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
