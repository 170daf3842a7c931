import { type MessagesRequest } from '@tsukimi/anthropic';
import { adapterModelKey, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import {
  type ApiError,
  invalidRequest,
  modelNotFound,
  type ChatCompletionRequest,
  type CompletionRequest,
  type RequestLimits,
  type ResponseIds,
  serviceUnavailable,
} from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { PRIORITY_CLASSES, type PriorityClass, type SloTargets } from '@tsukimi/scheduler';
import { type Clock } from '@tsukimi/telemetry';
import { ChoiceFanout } from '../choice.fanout';
import { choiceSeed } from '../choice-seed';
import { type InstanceFacts } from '../instance-facts';
import { type InstanceRegistry } from '../instance.registry';
import { type ModelCatalog } from '../model/model.catalog';
import { type PipelineFailure, type RequestSummary } from '../request.model';
import { type RequestPipeline } from '../request.pipeline';
import { type TenantAdmission } from '../rate-limit/tenant.admission';
import { reservedTokens } from '../rate-limit/token.reservation';
import { type AnswerStream } from './answer.format';
import { BlockKeyHashers } from './block-key.hashers';
import { ChoiceCollector } from './choice.collector';
import { CLIENT_CLOSED_REQUEST, type CompletionMetrics, type CompletionResponse, NO_MODEL } from './completion.ports';
import { metSlo } from './goodput.policy';
import { planGenerations, type PromptInput, promptInputs } from './completion.plan';
import { type KnownTokenizer, knownTokenizer } from './known-tokenizer';
import { provenanceHeaders, provenanceUsage } from './provenance';
import { tenantSessionId } from '../tenancy/tenant-session';
import { cachedTokensByScope, type PromptSalt, promptSalt } from '../tenancy/prompt-salt';
import { SharedPrefixMatcher } from '../tenancy/shared-prefix.matcher';
import { type PrefixSharing } from '../tenancy/tenancy.model';
import { rejectionReply } from './rejection.reply';
import { type ClusterFailure, failureReply } from './failure.reply';
import { answerFormat, type Endpoint, parseEndpointRequest } from './endpoint.answers';
import { anthropicErrors } from './messages.format';
import { RequestTiming } from './request.timing';
import { servedModels } from './served-models';
import { inSpan, type SpanScope, type Tracer } from '@tsukimi/tracing';
import { requestSpan, requestUsageAttributes } from '../tracing/request.span';
import { type LeaseReservation, type PromptCacheLeases } from '../prompt-cache/prompt-cache.leases';
import { type LeaseRun } from '../prompt-cache/lease.runs';
import { leaseUsage, requestLeaseRuns } from '../prompt-cache/request.leases';
import { quotaExceededReply } from '../prompt-cache/quota.reply';

export { type Endpoint } from './endpoint.answers';

/** What the request's headers say besides its body. */
export interface RequestContext {
  readonly requestId: string;
  /** The tenant's id: fair shares and rate limits are counted under it. */
  readonly tenant: string;
  /** The namespace of the request's block keys (`Tenancy.tenantSalt`): never logged, never sent back. */
  readonly tenantSalt: string;
  /** The tenant group whose shared prefixes its prompts may begin with (`Tenancy.sharing`). */
  readonly sharing?: PrefixSharing;
  /** Whether the response may say which instances served it and where its KV came from. */
  readonly seeRouting: boolean;
  /** `high`, `normal` or `low`; absent is `normal`. */
  readonly priority: string | undefined;
  readonly sessionId: string | undefined;
  /** The client's W3C `traceparent` header, unchecked: the request's root span continues a valid one's trace. */
  readonly traceparent?: string | undefined;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export interface CompletionHandlerOptions {
  readonly pipeline: RequestPipeline;
  readonly registry: InstanceRegistry;
  readonly catalog: ModelCatalog;
  readonly metrics: CompletionMetrics;
  readonly clock: Clock;
  /** What a request must meet to count as goodput. */
  readonly slo: SloTargets;
  /** The name clients use for the first model described, in place of its id. */
  readonly servedModelName: string | undefined;
  /** Named in the error for a bad priority. */
  readonly priorityHeader: string;
  /** A seed for requests that set none. */
  readonly randomSeed: () => number;
  /** How large a request may be; one over a bound is a 400 naming the field. */
  readonly limits: RequestLimits;
  readonly ids: ResponseIds;
  /** Per-tenant rate limits and concurrency cap; absent, no tenant is limited. */
  readonly admission?: TenantAdmission;
  /** Opens each request's root span, with the GenAI attributes; absent while tracing is off. */
  readonly tracer?: Tracer;
  /**
   * Told every request that failed in the cluster, with the instances' own words: for the
   * operator's log, since a client without `seeRouting` is not told which instance failed or how.
   */
  readonly failed?: (requestId: string, failure: ClusterFailure) => void;
  /** Prompt-cache leases (`cache_control`, `tsukimi.prompt_cache`); absent, the controls only shape usage. */
  readonly promptCache?: PromptCacheLeases;
}

type ParsedRequest = CompletionRequest | ChatCompletionRequest;

/** A request past parsing and planning, ready to generate. */
interface Planned {
  readonly endpoint: Endpoint;
  readonly request: ParsedRequest;
  readonly messages: MessagesRequest | undefined;
  readonly prompts: readonly PromptInput[];
  readonly generations: readonly GenerationParams[];
  readonly seed: number;
  readonly tokenizer: KnownTokenizer;
  readonly served: ReturnType<typeof servedModels>[number];
  readonly startMs: number;
  readonly priority: PriorityClass;
  /** The prompt-cache leases charged at admission, to take once the request is served. */
  readonly leases: LeaseReservation | undefined;
}

/**
 * The request path of the OpenAI endpoints and of Anthropic's Messages API: parse and validate,
 * tokenize in the model's language, run every choice of every prompt through the pipeline, and
 * answer as one JSON body or as server-sent events in the endpoint's format. Counts every request
 * by the status it finished with.
 */
export class CompletionHandler {
  private readonly hashers = new BlockKeyHashers();
  private readonly sharedPrefixes = new SharedPrefixMatcher();
  private readonly fanout: ChoiceFanout;

  constructor(private readonly o: CompletionHandlerOptions) {
    this.fanout = new ChoiceFanout(o.pipeline);
  }

  /** What `/v1/models` lists. */
  modelNames(): string[] {
    return servedModels(this.o.registry, this.o.servedModelName).map((m) => m.name);
  }

  async handle(endpoint: Endpoint, body: unknown, context: RequestContext, answer: CompletionResponse): Promise<void> {
    const out = endpoint === 'messages' ? anthropicErrors(answer) : answer;
    const startMs = this.o.clock.monotonicMs();
    const priority = context.priority ?? 'normal';
    if (!(PRIORITY_CLASSES as readonly string[]).includes(priority)) {
      return this.refuse(out, invalidRequest(`The ${this.o.priorityHeader} header must be one of ${PRIORITY_CLASSES.join(', ')}; got "${priority.slice(0, 40)}".`, null));
    }
    const parsed = parseEndpointRequest(endpoint, body, this.o.limits);
    if (!parsed.ok) return this.refuse(out, parsed.error);
    const { request, messages } = parsed.value;
    if (this.o.registry.models().length === 0) return this.refuse(out, serviceUnavailable('no instance has described its model yet', 1));
    const served = servedModels(this.o.registry, this.o.servedModelName).find((m) => m.name === request.model);
    if (!served) return this.refuse(out, modelNotFound(request.model));
    const { facts } = served;
    const model = served.name;
    const known = this.languageOf(facts);
    if (!known.ok) return this.refuse(out, serviceUnavailable(known.error, 1), model);
    const tokenizer = known.value;

    const prompts = promptInputs(request, tokenizer.language);
    const seed = request.sampling.seed ?? this.o.randomSeed();
    const planned = planGenerations(request, prompts, {
      vocabSize: tokenizer.tokenizer.vocabSize,
      contextTokens: facts.contextTokens,
      maxCompletionTokens: this.o.limits.maxCompletionTokens,
      seed,
      param: endpoint === 'completions' ? 'prompt' : 'messages',
      endOfGeneration: tokenizer.language.endOfGeneration,
    });
    if (!planned.ok) return this.refuse(out, planned.error, model);
    const leases = this.leaseRuns(body, messages, prompts, tokenizer, served, context);
    if (!leases.ok) return this.refuse(out, leases.error, model);
    const quota = await this.o.promptCache?.admit(context.tenant, leases.value);
    if (quota && !quota.ok) return this.refuse(out, quotaExceededReply(quota.error), model);
    const reservation = quota?.value;

    const pass = await this.o.admission?.admit(context.tenant, reservedTokens(prompts, planned.value, request.n));
    if (pass && !pass.ok) {
      if (reservation) await this.o.promptCache?.release(reservation);
      return this.refuse(out, pass.error, model);
    }
    out.headers(pass?.value.headers ?? {});
    let spentTokens: number | undefined;
    try {
      spentTokens = await this.generate({ endpoint, request, messages, prompts, generations: planned.value, seed, tokenizer, served, startMs, priority: priority as PriorityClass, leases: reservation }, context, out);
    } finally {
      await (spentTokens === undefined ? pass?.value.cancel() : pass?.value.end(spentTokens));
      // A request not served gives back its leases' charge; one served took them already.
      if (reservation) await this.o.promptCache?.release(reservation);
    }
  }

  /** Runs every choice and answers; the tokens the request spent, or undefined when the scheduler turned it away before any instance saw it. */
  private generate(plan: Planned, context: RequestContext, out: CompletionResponse): Promise<number | undefined> {
    const tracer = this.o.tracer;
    if (tracer === undefined) return this.generateIn(plan, context, out, undefined);
    const { request, prompts, generations } = plan;
    const traced = { endpoint: plan.endpoint, model: plan.served.name, requestId: context.requestId, maxTokens: generations[0]?.maxTokens, sampling: request.sampling, choices: prompts.length * request.n, traceparent: context.traceparent };
    const { name, options } = requestSpan(traced);
    return inSpan(tracer, name, options, (span) => this.generateIn(plan, context, out, span));
  }

  /** `generate`, inside the request's root span when tracing is on: the pipeline's spans are its children. */
  private async generateIn(plan: Planned, context: RequestContext, out: CompletionResponse, span: SpanScope | undefined): Promise<number | undefined> {
    const { clock, metrics } = this.o;
    const { request, prompts, seed, startMs, priority } = plan;
    const { facts, adapter, name: model } = plan.served;
    const choiceCount = prompts.length * request.n;
    const format = answerFormat({ ...plan, choices: choiceCount, blockSizeTokens: facts.blockSizeTokens }, this.o.ids);
    const { stream } = format;

    const timing = new RequestTiming(startMs);
    const echo = 'echo' in request && request.echo;
    const collectors: ChoiceCollector[] = [];
    const salts = prompts.map((prompt) => promptSalt(context, { tokens: prompt.tokens, tokenizerId: facts.tokenizerId, language: plan.tokenizer.language }, this.sharedPrefixes));
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
        const generation = plan.generations[p]!;
        return {
          request: {
            requestId: choiceCount === 1 ? context.requestId : `${context.requestId}-${index}`,
            modelId: facts.modelId,
            ...(adapter ? { adapter: adapter.name } : {}),
            promptTokens: prompt.tokens,
            tenantSalt: salts[p]!.tenantSalt,
            tenant: context.tenant,
            generation: { ...generation, sampling: { ...generation.sampling, seed: choiceSeed(seed, k) } },
            priority,
            ...(context.sessionId ? { sessionId: tenantSessionId(context.tenant, context.sessionId) } : {}),
          },
          sink: {
            dispatched: () => {
              const queueWaitMs = timing.dispatched(clock.monotonicMs());
              if (queueWaitMs !== undefined) metrics.queueWaitSeconds(model, queueWaitMs / 1000);
            },
            token: (token: GeneratedToken) => {
              const { ttftMs, gapMs } = timing.token(index, clock.monotonicMs());
              if (ttftMs !== undefined) metrics.ttftSeconds(model, ttftMs / 1000);
              if (gapMs !== undefined) metrics.interTokenSeconds(model, gapMs / 1000);
              if (stream && !out.streamStarted) out.sse(stream.open());
              collector.token(token);
            },
          },
        };
      }),
    );
    const promptTokens = prompts.reduce((n, p) => n + p.tokens.length, 0);
    metrics.promptTokens(model, promptTokens * request.n);
    const keyModel = adapter ? adapterModelKey(facts.modelId, adapter.id) : facts.modelId;
    const result = await this.fanout.run(groups, (choice) => this.hashers.get(keyModel, choice.tenantSalt, facts.blockSizeTokens), context.signal);
    const generatedTokens = collectors.reduce((n, c) => n + c.tokens, 0);
    metrics.generatedTokens(model, generatedTokens);
    if (!result.ok) {
      span?.fail(result.error.kind);
      this.fail(out, stream, result.error, { model, clientGone: context.signal.aborted, requestId: context.requestId, seeRouting: context.seeRouting });
      return result.error.kind === 'rejected' ? undefined : promptTokens + generatedTokens;
    }

    const summaries = result.value;
    this.record(summaries, startMs, timing, model);
    const leases = plan.leases && plan.leases.runs.length > 0 && this.o.promptCache ? await this.o.promptCache.take(plan.leases) : [];
    const scoped = this.recordScopes(summaries, salts, request.n, facts.blockSizeTokens, model);
    const usage = {
      promptTokens,
      completionTokens: summaries.reduce((n, s) => n + s.completionTokens, 0),
      // Each prompt counts once, as the client sent it once: its first choice's cache hit.
      cachedTokens: summaries.filter((_, i) => i % request.n === 0).reduce((n, s) => n + s.cachedTokens, 0),
      ...(context.seeRouting ? { tsukimi: { ...provenanceUsage(summaries), ...leaseUsage(leases), ...(context.sharing ? { salt_scopes: scoped } : {}) } } : {}),
    };
    span?.set(requestUsageAttributes(usage, summaries));
    if (stream) {
      out.sse(stream.end(usage));
      out.end();
    } else {
      out.json(200, format.body(collectors.map((c) => c.output()), usage), context.seeRouting ? provenanceHeaders(summaries[0]!.provenance) : {});
    }
    return usage.promptTokens + usage.completionTokens;
  }

  /**
   * Counts each prompt's cached tokens (its first choice's, as usage does) by the salt they were
   * keyed under, and gives the sums for `usage.tsukimi.salt_scopes`.
   */
  private recordScopes(summaries: readonly RequestSummary[], salts: readonly PromptSalt[], n: number, blockSizeTokens: number, model: string): Record<string, number> {
    let sharedPrefixTokens = 0;
    let group = 0;
    let tenant = 0;
    salts.forEach((salt, p) => {
      const split = cachedTokensByScope(summaries[p * n]?.cachedTokens ?? 0, salt.sharedTokens, blockSizeTokens);
      sharedPrefixTokens += salt.sharedTokens;
      group += split.group;
      tenant += split.tenant;
    });
    if (group > 0) this.o.metrics.cachedTokensByScope?.(model, 'group', group);
    if (tenant > 0) this.o.metrics.cachedTokensByScope?.(model, 'tenant', tenant);
    return { shared_prefix_tokens: sharedPrefixTokens, group_cached_tokens: group, tenant_cached_tokens: tenant };
  }

  /** The request's prompt-cache lease runs, keyed as its blocks are; none without leases configured. */
  private leaseRuns(body: unknown, messages: MessagesRequest | undefined, prompts: readonly PromptInput[], tokenizer: KnownTokenizer, served: Planned['served'], context: RequestContext): Result<LeaseRun[], ApiError> {
    if (!this.o.promptCache) return ok([]);
    const { facts, adapter } = served;
    const keyModel = adapter ? adapterModelKey(facts.modelId, adapter.id) : facts.modelId;
    const { language } = tokenizer;
    // Keyed as the choices will be: under the prompt's salt, the group's for a shared prefix.
    const hashed = prompts.map((prompt) => {
      const salt = promptSalt(context, { tokens: prompt.tokens, tokenizerId: facts.tokenizerId, language }, this.sharedPrefixes);
      return { tokens: prompt.tokens, hasher: this.hashers.get(keyModel, salt.tenantSalt, facts.blockSizeTokens) };
    });
    return requestLeaseRuns({ body, messages, prompts: hashed, language, blockBytes: facts.blockBytes });
  }

  /** The language of a described model, once its card is in; else why not yet. */
  private languageOf(facts: InstanceFacts): Result<KnownTokenizer, string> {
    const language = this.o.catalog.language(facts.tokenizerId);
    if (language) return ok(knownTokenizer(facts.tokenizerId, language));
    return err(this.o.catalog.failure(facts.tokenizerId) ?? `the tokenizer of ${facts.modelId} is still being fetched from its instances`);
  }

  private record(summaries: readonly RequestSummary[], startMs: number, timing: RequestTiming, model: string): void {
    const { metrics } = this.o;
    metrics.finished(model, 200);
    if (metSlo(timing.latency(), this.o.slo)) metrics.metSlo(model);
    for (const ms of timing.timePerOutputTokenMs()) metrics.timePerOutputTokenSeconds(model, ms / 1000);
    metrics.admitted(summaries.length);
    metrics.e2eSeconds(model, (this.o.clock.monotonicMs() - startMs) / 1000);
    for (const summary of summaries) {
      const reused = summary.provenance.reusedTokens;
      for (const tier of ['device', 'dram', 'ssd'] as const) if (reused[tier] > 0) metrics.cachedTokens(model, tier, reused[tier]);
    }
  }

  private refuse(out: CompletionResponse, error: ApiError, model = NO_MODEL): void {
    this.o.metrics.finished(model, error.status);
    out.error(error);
  }

  private fail(
    out: CompletionResponse,
    stream: AnswerStream | undefined,
    failure: PipelineFailure,
    { model, clientGone, requestId, seeRouting }: { model: string; clientGone: boolean; requestId: string; seeRouting: boolean },
  ): void {
    if (failure.kind === 'rejected') {
      this.o.metrics.rejected(model, failure.reason);
      const refused = rejectionReply(failure);
      this.o.metrics.finished(model, refused.status);
      return out.error(refused);
    }
    this.o.failed?.(requestId, failure);
    const error = failureReply(failure, requestId, seeRouting);
    this.o.metrics.finished(model, clientGone ? CLIENT_CLOSED_REQUEST : error.status);
    if (stream && out.streamStarted) {
      out.sse(stream.fail(error));
      return out.end();
    }
    out.error(error);
  }
}
