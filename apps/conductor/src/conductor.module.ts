import { type DynamicModule, Module } from '@nestjs/common';
import { EstimatorRefit, InstanceRegistry, type LiveConductors, ModelCatalog, RequestPipeline, ReuseAudit, SchedulerHolder, type SharedSessions, WarmCopies } from '@tsukimi/conductor';
import { type Result } from '@tsukimi/result';
import { DEFAULT_SESSION_AFFINITY, type EngineProfile, type Scheduler, SchedulerBuilder, type SchedulerProfileConfig, type SchedulerSettingsError, SessionAffinity } from '@tsukimi/scheduler';
import { CLOCK, LOGGER, Metrics, ReadinessRegistry, healthy, type ServiceTokens, shutdownTask, unhealthy } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { circuitOptions } from './circuit.config';
import { type ConductorConfig } from './conductor.config';
import { CATALOG, CONDUCTOR_CONFIG, PIPELINE, PLANNER_LOAD, REGISTRY } from './conductor.tokens';
import { instanceDiscovery, poolMasters } from './discovery/instance.discovery';
import { circuitEvents, sampleCircuitStates } from './gateways/circuit.events';
import { instanceGateways } from './gateways/circuit.wiring';
import { GrpcWarmGateway } from './gateways/grpc-warm.gateway';
import { InstanceClients } from './gateways/instance-clients';
import { InstanceProber } from './gateways/instance.prober';
import { PoolIndexFollower } from './gateways/pool-index.follower';
import { CompletionService } from './http/completion.service';
import { OpenAiController } from './http/openai.controller';
import { rateLimitProviders } from './rate-limit/rate-limit.providers';
import { rosterProviders } from './roster/roster.providers';
import { SHARED_SESSIONS, sessionProviders } from './session/session.providers';
import { cacheAuditEvents, sampleCacheTrust } from './http/cache-audit.metrics';
import { cacheAuditOptions } from './cache-audit.config';
import { decodeMigrationMetrics } from './http/decode-migration.metrics';
import { phaseRetryMetrics } from './http/phase-retry.metrics';
import { schedulingMetrics } from './http/scheduling.metrics';
import { warmCopyMetrics } from './http/warm-copies.metrics';
import { withSchedulerSpans } from './tracing/conductor.tracing';
import { promptCacheProviders } from './prompt-cache/prompt-cache.providers';
import { LoadMeter } from '@tsukimi/planner';
import { countingScheduled } from './planner/counting-scheduled';
import { plannerProviders } from './planner/planner.providers';

const PROBER = Symbol('PROBER');
const POOL_INDEX = Symbol('POOL_INDEX');
const DISCOVERY = Symbol('DISCOVERY');

/** The schedulers the configuration names, over one session map, each with estimators fitted to the profile a refit brings. */
function schedulerBuilder(config: ConductorConfig, profile: SchedulerProfileConfig | undefined, sessions: SessionAffinity, conductors: () => number): SchedulerBuilder {
  const settings = {
    policy: config.policy,
    decodePolicy: config.decodePolicy,
    ...(profile ? { profile } : {}),
    admission: config.admission,
    maxInFlightPerInstance: config.maxInFlightPerInstance,
    retryAfterMs: config.retryAfterMs,
    slo: { ttftMs: config.ttftSloMs * config.sloHeadroom, tbtMs: config.tbtSloMs * config.sloHeadroom, headroom: config.sloHeadroom },
    kvcacheBalanceThreshold: config.kvcacheBalanceThreshold,
    fairness: { conductors },
  };
  return new SchedulerBuilder(settings, { monotonicMs: () => performance.now() }, sessions);
}

/**
 * Hot blocks whose demand the conductor remembers at once: a bound on the table's memory, far
 * above the blocks of the prefixes that are hot together in any cluster it serves.
 */
const HOT_TRACKED_BLOCKS = 4096;

/** Warm copies of hot prefixes on more prefill instances, told each request's prefix. */
function warmCopies(config: ConductorConfig, registry: InstanceRegistry, clients: InstanceClients, clock: Clock, metrics: Metrics): (demand: Parameters<WarmCopies['onPrefixDemand']>[0]) => void {
  const options = { copies: config.warmCopies, maxInFlight: config.warmsInFlight, windowMs: config.hotPrefixWindowMs, hotRequests: config.hotPrefixThreshold, maxTrackedBlocks: HOT_TRACKED_BLOCKS };
  const warm = new WarmCopies(options, registry, new GrpcWarmGateway(clients, config.prefillTimeoutMs), clock, warmCopyMetrics(metrics));
  return (demand) => warm.onPrefixDemand(demand);
}

function built(result: Result<Scheduler, SchedulerSettingsError>): Scheduler {
  if (!result.ok) throw new Error(`scheduler setting ${result.error.key}: ${result.error.message}`);
  return result.value;
}

/** The conductor: instance registry and probes, the scheduler and pipeline, and the OpenAI routes. */
@Module({})
export class ConductorModule {
  static forRoot(config: ConductorConfig, profileFile?: EngineProfile, schedulerProfile?: SchedulerProfileConfig, serviceTokens?: ServiceTokens): DynamicModule {
    const clients = new InstanceClients(serviceTokens);
    let logger: Logger | undefined;
    let metrics: Metrics | undefined;
    const registry = new InstanceRegistry({ circuit: circuitOptions(config), circuitEvents: circuitEvents(() => ({ ...(metrics ? { metrics } : {}), ...(logger ? { logger } : {}) })) });
    const catalog = new ModelCatalog();
    const sessions = new SessionAffinity({ monotonicMs: () => performance.now() }, DEFAULT_SESSION_AFFINITY);
    let live: LiveConductors | undefined;
    const schedulers = schedulerBuilder(config, schedulerProfile, sessions, () => live?.count ?? 1);
    const holder = new SchedulerHolder(built(schedulers.build(profileFile, {})));
    // The planner sizes pools by the profile the estimators use, and counts the requests scheduled.
    let fittedProfile = profileFile;
    const plannerLoad = config.planner === 'off' ? undefined : new LoadMeter(Date.now());
    const estimates = new EstimatorRefit({
      registry,
      holder,
      build: (profile, transfers, calibration) => built(schedulers.build(profile, transfers, calibration)),
      ...(profileFile ? { profileFile } : {}),
      tbtTargetMs: config.tbtSloMs * config.sloHeadroom,
      // Calibration moves with load (under the overhead bench about once a second): each move at debug, a new fit to the engines' timings at info.
      onRefit: (profile, scale, gap, profileFitted) => {
        fittedProfile = profile;
        if (profileFitted) logger?.info('scheduler estimators fitted to the engines\' timings', { prefill: profile.prefill, decode: profile.decode, scale, stepScale: gap.stepScale, gapOverheadMs: gap.overheadMs });
        else logger?.debug('scheduler estimates recalibrated', { scale, stepScale: gap.stepScale, gapOverheadMs: gap.overheadMs });
      },
      defer: (rebuild) => setImmediate(rebuild),
    });
    const masters = poolMasters(config);
    const discovery = instanceDiscovery(config, registry, clients, masters);
    return {
      module: ConductorModule,
      controllers: [OpenAiController],
      providers: [
        { provide: CONDUCTOR_CONFIG, useValue: config },
        { provide: REGISTRY, useValue: registry },
        ...(plannerLoad ? [{ provide: PLANNER_LOAD, useValue: plannerLoad }] : []),
        { provide: CATALOG, useValue: catalog },
        {
          provide: PIPELINE,
          inject: [Metrics, CLOCK, SHARED_SESSIONS],
          useFactory: (serviceMetrics: Metrics, clock: Clock, shared: SharedSessions | undefined) => {
            metrics = serviceMetrics;
            sampleCircuitStates(serviceMetrics, registry);
            const cacheAudit = new ReuseAudit(cacheAuditOptions(config), () => clock.monotonicMs(), cacheAuditEvents(serviceMetrics, () => logger));
            sampleCacheTrust(serviceMetrics, registry, cacheAudit);
            return new RequestPipeline({
              scheduler: withSchedulerSpans(holder),
              registry,
              ...instanceGateways(clients, config, registry),
              clock,
              attemptsPerPhase: 2,
              onPoolFetch: (fetch) => estimates.poolFetch(fetch),
              onTtft: (estimatedMs, actualMs) => estimates.ttft(estimatedMs, actualMs),
              onTbt: (modelledStepMs, longestGapMs) => estimates.tbt(modelledStepMs, longestGapMs),
              scheduling: countingScheduled(schedulingMetrics(serviceMetrics, config), plannerLoad),
              disaggregation: { mode: config.disaggregation, maxLocalPrefillTokens: config.maxLocalPrefillTokens, tbtSloMs: config.tbtSloMs },
              overlapKv: config.overlapKv,
              ...(config.warmCopies > 1 ? { onPrefixDemand: warmCopies(config, registry, clients, clock, serviceMetrics) } : {}),
              prefixWait: { enabled: config.waitForInflightPrefix, maxWaitMs: config.inflightWaitMaxMs },
              decodeMigration: config.decodeMigration,
              onDecodeMigration: decodeMigrationMetrics(serviceMetrics),
              onRetry: phaseRetryMetrics(serviceMetrics),
              cacheAudit,
              ...(shared ? { sessions: shared } : {}),
            });
          },
        },
        {
          provide: PROBER,
          inject: [LOGGER, ReadinessRegistry],
          useFactory: (serviceLogger: Logger, readiness: ReadinessRegistry) => {
            logger = serviceLogger;
            const prober = new InstanceProber(registry, catalog, clients, serviceLogger, { intervalMs: config.probeIntervalMs, timeoutMs: config.probeTimeoutMs, ...(config.loadWatch ? { watch: { reportIntervalMs: config.probeIntervalMs, livenessIntervalMs: config.livenessProbeIntervalMs } } : {}) }, estimates.learner, () => estimates.refit());
            // Under never and auto a decode instance alone serves a request; always needs a prefill instance too.
            const needsPrefill = config.disaggregation === 'always';
            readiness.register('instances', () => {
              const up = (role: 'prefill' | 'decode') => registry.snapshot(role).filter((s) => s.routable).length;
              const details = { prefill: up('prefill'), decode: up('decode') };
              if (details.decode > 0 && (details.prefill > 0 || !needsPrefill)) return healthy(details);
              return unhealthy(needsPrefill ? 'no routable prefill or decode instance' : 'no routable decode instance', details);
            });
            prober.start();
            return prober;
          },
        },
        {
          provide: POOL_INDEX,
          inject: [LOGGER, ReadinessRegistry],
          useFactory: (logger: Logger, readiness: ReadinessRegistry) => {
            if (!masters) return undefined;
            const follower = new PoolIndexFollower(masters, registry, logger, undefined, serviceTokens);
            // Reported, never gating: without the pool's index a request is still served, its prompt recomputed.
            readiness.register('pool-index', () => healthy({ inStep: follower.inStep, blocks: registry.index.blockCount, epoch: registry.index.epoch }));
            follower.start();
            return follower;
          },
        },
        {
          provide: DISCOVERY,
          inject: [LOGGER],
          useFactory: async (logger: Logger) => {
            await discovery.start(logger);
            return discovery;
          },
        },
        ...rateLimitProviders(config),
        ...promptCacheProviders(config, masters, serviceTokens),
        ...sessionProviders(config, sessions),
        ...rosterProviders(config, (conductors) => (live = conductors)),
        ...(plannerLoad ? plannerProviders(config, registry, () => fittedProfile, plannerLoad, discovery, { masters, tokens: serviceTokens }) : []),
        CompletionService,
        shutdownTask('discovery', () => discovery.stop()),
        shutdownTask('instances', () => clients.close()),
      ],
    };
  }
}
