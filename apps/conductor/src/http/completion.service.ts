import { randomInt } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CompletionHandler, type CompletionMetrics, type Endpoint, type InstanceRegistry, type ModelCatalog, type PrefixSharing, type PromptCacheLeases, type RequestPipeline, type TenantAdmission } from '@tsukimi/conductor';
import { ProcessUniqueIds, ResponseIds } from '@tsukimi/openai';
import { type LoadMeter } from '@tsukimi/planner';
import { CLOCK, HistogramSeries, LOGGER, Metrics } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { CATALOG, CONDUCTOR_CONFIG, PIPELINE, PLANNER_LOAD, REGISTRY } from '../conductor.tokens';
import { TENANT_ADMISSION } from '../rate-limit/rate-limit.providers';
import { PROMPT_CACHE } from '../prompt-cache/prompt-cache.providers';
import { requestLimits } from '../request-limits.config';
import { requestTracing } from '../tracing/conductor.tracing';
import { ResponseWriter } from './response-writer';
import { useSloBuckets } from './slo-buckets';

/** What the request's headers say besides its body. */
export interface RequestHeaders {
  /** The tenant's id, from its API key (or, with no keys configured, from the tenant header). */
  readonly tenant: string;
  /** Its block keys' namespace; never logged. */
  readonly tenantSalt: string;
  /** The tenant group whose declared shared prefixes are keyed under the group's salt; never logged. */
  readonly sharing?: PrefixSharing;
  readonly seeRouting: boolean;
  readonly priority: string | undefined;
  readonly sessionId: string | undefined;
  /** The W3C `traceparent` header, unchecked (the request's span continues a valid one's trace). */
  readonly traceparent?: string | undefined;
}

/** The OpenAI endpoints at the HTTP edge: the raw response and the Prometheus metrics around the conductor's CompletionHandler. */
@Injectable()
export class CompletionService {
  private readonly handler: CompletionHandler;
  /** Request ids and response ids alike, unique across this process's life and across processes. */
  private readonly ids = new ProcessUniqueIds();

  constructor(
    @Inject(PIPELINE) pipeline: RequestPipeline,
    @Inject(REGISTRY) registry: InstanceRegistry,
    @Inject(CATALOG) catalog: ModelCatalog,
    @Inject(CONDUCTOR_CONFIG) config: ConductorConfig,
    @Inject(Metrics) metrics: Metrics,
    @Inject(CLOCK) clock: Clock,
    @Inject(TENANT_ADMISSION) admission: TenantAdmission | undefined,
    @Inject(LOGGER) logger: Logger,
    @Inject(PROMPT_CACHE) promptCache: PromptCacheLeases,
    @Optional() @Inject(PLANNER_LOAD) plannerLoad?: LoadMeter,
  ) {
    useSloBuckets(metrics, config);
    this.handler = new CompletionHandler({
      pipeline,
      registry,
      catalog,
      metrics: completionMetrics(metrics, plannerLoad?.decode),
      clock,
      slo: { ttftMs: config.ttftSloMs, tbtMs: config.tbtSloMs },
      servedModelName: config.servedModelName,
      priorityHeader: config.priorityHeader,
      randomSeed: () => randomInt(0, 2 ** 47),
      limits: requestLimits(config),
      ids: new ResponseIds(() => this.ids.next(), () => Date.now()),
      ...(admission ? { admission } : {}),
      ...requestTracing(),
      promptCache,
      failed: (requestId, failure) => logger.warn('request failed', { requestId, kind: failure.kind, message: failure.message }),
    });
  }

  modelNames(): string[] {
    return this.handler.modelNames();
  }

  async handle(endpoint: Endpoint, body: unknown, headers: RequestHeaders, raw: ServerResponse): Promise<void> {
    const requestId = this.ids.next();
    const abort = new AbortController();
    raw.on('close', () => {
      if (!raw.writableFinished) abort.abort();
    });
    await this.handler.handle(endpoint, body, { ...headers, requestId, signal: abort.signal }, new ResponseWriter(raw, { 'x-request-id': requestId }));
  }
}

/** The completion metrics; with the planner on, token gaps and output lengths also go to its decode measurements. */
function completionMetrics(m: Metrics, decode?: LoadMeter['decode']): CompletionMetrics {
  const ttft = seriesByModel(m, 'tsukimi_conductor_ttft_seconds');
  const queueWait = seriesByModel(m, 'tsukimi_conductor_queue_wait_seconds');
  const interToken = seriesByModel(m, 'tsukimi_conductor_inter_token_latency_seconds');
  const e2e = seriesByModel(m, 'tsukimi_conductor_e2e_latency_seconds');
  const timePerOutputToken = seriesByModel(m, 'tsukimi_conductor_time_per_output_token_seconds');
  return {
    ttftSeconds: (model, s) => ttft(model).observe(s),
    queueWaitSeconds: (model, s) => queueWait(model).observe(s),
    interTokenSeconds: (model, s) => {
      interToken(model).observe(s);
      decode?.tokenGap(s * 1000);
    },
    promptTokens: (model, n) => m.get('tsukimi_conductor_prompt_tokens_total').inc({ model }, n),
    generatedTokens: (model, n) => {
      m.get('tsukimi_conductor_generated_tokens_total').inc({ model }, n);
      if (n > 0) decode?.requestFinished(n);
    },
    finished: (model, statusCode) => m.get('tsukimi_conductor_requests_total').inc({ model, status_code: String(statusCode) }),
    admitted: (n) => m.get('tsukimi_scheduler_admissions_total').inc(n),
    e2eSeconds: (model, s) => e2e(model).observe(s),
    cachedTokens: (model, tier, n) => m.get('tsukimi_conductor_cached_tokens_total').inc({ model, tier }, n),
    cachedTokensByScope: (model, scope, n) => m.get('tsukimi_conductor_cached_tokens_by_scope_total').inc({ model, source: scope }, n),
    rejected: (model, reason) => m.get('tsukimi_conductor_rejections_total').inc({ model, reason }),
    metSlo: (model) => m.get('tsukimi_conductor_goodput_requests_total').inc({ model }),
    timePerOutputTokenSeconds: (model, s) => timePerOutputToken(model).observe(s),
  };
}

/**
 * A histogram's series for each model, bound on first use: the inter-token histogram is observed
 * once per token and the others several times a request, so no label set is checked or hashed per
 * observation. The histogram itself is created on first use, as `Metrics.get` does, so its SLO
 * buckets (set at start) apply.
 */
function seriesByModel(m: Metrics, name: ModelHistogram): (model: string) => HistogramSeries {
  const series = new Map<string, HistogramSeries>();
  return (model) => {
    let bound = series.get(model);
    if (!bound) series.set(model, (bound = new HistogramSeries(m.get(name), { model })));
    return bound;
  };
}

type ModelHistogram =
  | 'tsukimi_conductor_ttft_seconds'
  | 'tsukimi_conductor_queue_wait_seconds'
  | 'tsukimi_conductor_inter_token_latency_seconds'
  | 'tsukimi_conductor_e2e_latency_seconds'
  | 'tsukimi_conductor_time_per_output_token_seconds';
