import { randomInt } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { type AdapterFacts, ChoiceFanout, choiceSeed, type InstanceFacts, type InstanceRegistry, type ModelCatalog, type ModelLanguage, type PipelineFailure, type RequestPipeline, type RequestSummary } from '@tsukimi/conductor';
import { adapterModelKey, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
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
  ResponseIds,
  serviceUnavailable,
  buildChatCompletion,
  buildCompletion,
  type SseStream,
} from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { PRIORITY_CLASSES, type PriorityClass } from '@tsukimi/scheduler';
import { CLOCK, Metrics } from '@tsukimi/service-kit';
import { type Clock } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { CATALOG, CONDUCTOR_CONFIG, PIPELINE, REGISTRY } from '../conductor.tokens';
import { ChoiceCollector } from './choice.collector';
import { ResponseWriter } from './response-writer';
import { provenanceHeaders, provenanceUsage } from './provenance';
import { type KnownTokenizer, knownTokenizer } from './tokenizers';

export type Endpoint = 'completions' | 'chat';

/** A name `/v1/models` lists: a model, or one LoRA adapter on it (tokenized as the model). */
interface ServedModel {
  readonly name: string;
  readonly facts: InstanceFacts;
  readonly adapter: AdapterFacts | undefined;
}

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
    @Inject(CATALOG) private readonly catalog: ModelCatalog,
    @Inject(CONDUCTOR_CONFIG) private readonly config: ConductorConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.fanout = new ChoiceFanout(pipeline);
  }

  /**
   * The names clients use for the models the cluster serves, once instances have described
   * them: each model's id, or `--served-model-name` in place of the first model's, followed by
   * `<name>:<adapter>` for each LoRA adapter an instance of it has loaded.
   */
  modelNames(): string[] {
    return this.servedModels().map((m) => m.name);
  }

  private servedModels(): ServedModel[] {
    return this.registry.models().flatMap((facts, i) => {
      const name = i === 0 && this.config.servedModelName ? this.config.servedModelName : facts.modelId;
      const adapters = this.registry.adapters(facts.modelId).map((adapter) => ({ name: `${name}:${adapter.name}`, facts, adapter }));
      return [{ name, facts, adapter: undefined }, ...adapters];
    });
  }

  /** The model (and adapter) a request names, by the name `modelNames` lists. */
  private modelNamed(name: string): ServedModel | undefined {
    return this.servedModels().find((m) => m.name === name);
  }

  /** The language of a described model, once its card is in; else why not yet. */
  private languageOf(facts: InstanceFacts): Result<KnownTokenizer, string> {
    const language = this.catalog.language(facts.tokenizerId);
    if (language) return ok(knownTokenizer(facts.tokenizerId, language));
    return err(this.catalog.failure(facts.tokenizerId) ?? `the tokenizer of ${facts.modelId} is still being fetched from its instances`);
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
    if (this.registry.models().length === 0) return this.refuse(out, serviceUnavailable('no instance has described its model yet', 1), 'unavailable');
    const served = this.modelNamed(request.model);
    if (!served) return this.refuse(out, modelNotFound(request.model), 'invalid');
    const { facts, adapter } = served;
    const known = this.languageOf(facts);
    if (!known.ok) return this.refuse(out, serviceUnavailable(known.error, 1), 'unavailable');
    const tokenizer = known.value;

    const prompts = this.prompts(request, tokenizer.language);
    const seed = request.sampling.seed ?? randomInt(0, 2 ** 47);
    const planned = this.plan(request, prompts, tokenizer.tokenizer.vocabSize, facts.contextTokens, seed, endpoint === 'chat' ? 'messages' : 'prompt', tokenizer.language.endOfGeneration);
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
            modelId: facts.modelId,
            ...(adapter ? { adapter: adapter.name } : {}),
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
    const keyModel = adapter ? adapterModelKey(facts.modelId, adapter.id) : facts.modelId;
    const result = await this.fanout.run(groups, this.hasher(keyModel, tenant, facts.blockSizeTokens), abort.signal);
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
  private prompts(request: CompletionRequest | ChatCompletionRequest, language: ModelLanguage): PromptInput[] {
    if ('messages' in request) return [{ tokens: language.chatTokens(request.messages), text: '' }];
    return request.prompts.map((p) => (p.kind === 'text' ? { tokens: language.completionTokens(p.text), text: p.text } : { tokens: [...p.tokens], text: language.tokenizer.decode(p.tokens) }));
  }

  /** Checks what needs the model (vocabulary, context) and gives each prompt its engine parameters. */
  private plan(
    request: CompletionRequest | ChatCompletionRequest,
    prompts: readonly PromptInput[],
    vocabSize: number,
    contextTokens: number,
    seed: number,
    param: 'prompt' | 'messages',
    endOfGeneration: readonly number[],
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
      params.push(endingAtTurnEnd(built.value, endOfGeneration));
    }
    return ok(params);
  }

  /** Block keys as the instances compute them: seeded by the model id (or an adapter's `adapterModelKey`), tenant and block size. */
  private hasher(modelKey: string, tenantSalt: string, blockSizeTokens: number): BlockKeyHasher {
    const cacheKey = JSON.stringify([modelKey, tenantSalt]);
    let hasher = this.hashers.get(cacheKey);
    if (!hasher || hasher.blockSizeTokens !== blockSizeTokens) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId: modelKey, tenantSalt, blockSizeTokens }));
      if (this.hashers.size > 1024) this.hashers.clear();
      this.hashers.set(cacheKey, hasher);
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

/** The request's stop token ids plus the model's end-of-turn tokens, unless it ignores EOS. */
function endingAtTurnEnd(params: GenerationParams, endOfGeneration: readonly number[]): GenerationParams {
  if (params.ignoreEos || endOfGeneration.length === 0) return params;
  return { ...params, stopTokenIds: [...new Set([...(params.stopTokenIds ?? []), ...endOfGeneration])] };
}
