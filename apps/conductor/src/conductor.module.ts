import { type DynamicModule, Module } from '@nestjs/common';
import { EngineProfileLearner, EstimateCalibrator, InstanceRegistry, ModelCatalog, RequestPipeline, SchedulerHolder, TransferLearner } from '@tsukimi/conductor';
import { createScheduler, type EngineProfile, type EstimatorSettings, instanceId, type Scheduler, type TransferPath } from '@tsukimi/scheduler';
import { CLOCK, LOGGER, Metrics, ReadinessRegistry, healthy, shutdownTask, unhealthy } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { type ConductorConfig } from './conductor.config';
import { CATALOG, CONDUCTOR_CONFIG, PIPELINE, REGISTRY } from './conductor.tokens';
import { GrpcDecodeGateway } from './gateways/grpc-decode.gateway';
import { GrpcPrefillGateway } from './gateways/grpc-prefill.gateway';
import { InstanceClients } from './gateways/instance-clients';
import { InstanceProber } from './gateways/instance.prober';
import { PoolIndexFollower } from './gateways/pool-index.follower';
import { CompletionService } from './http/completion.service';
import { OpenAiController } from './http/openai.controller';

const PROBER = Symbol('PROBER');
const POOL_INDEX = Symbol('POOL_INDEX');

/** The profile with every prefill cost multiplied by `scale`: what calibration learnt of real prefill times. */
function scaled(profile: EngineProfile, scale: number): EngineProfile {
  const { baseMs, msPerComputedToken, msPerAttendedPair } = profile.prefill;
  return { ...profile, prefill: { baseMs: baseMs * scale, msPerComputedToken: msPerComputedToken * scale, msPerAttendedPair: msPerAttendedPair * scale } };
}

/** Bandwidth and setup per path as the prefill instances' fetches measured them; stand-ins for paths not yet seen. */
function measuredTransfers(learner: TransferLearner, blockBytes: number): Pick<EstimatorSettings, 'bandwidthBytesPerS' | 'transferSetupMs'> {
  const bandwidthBytesPerS: Partial<Record<TransferPath, number>> = {};
  const transferSetupMs: Partial<Record<TransferPath, number>> = {};
  for (const path of ['dram', 'ssd'] as const) {
    const fit = learner.fit(path);
    if (!fit) continue;
    bandwidthBytesPerS[path] = (blockBytes / fit.msPerBlock) * 1000;
    transferSetupMs[path] = fit.setupMs;
  }
  // Another instance's memory reaches a prefill instance through the pool's DRAM here.
  if (bandwidthBytesPerS.dram !== undefined) {
    bandwidthBytesPerS['device-remote'] = bandwidthBytesPerS.dram;
    transferSetupMs['device-remote'] = transferSetupMs.dram;
  }
  return { bandwidthBytesPerS, transferSetupMs };
}

/** The scheduler the configuration names, with estimators fitted to `profile` once the instances have timed their engines. */
function buildScheduler(config: ConductorConfig, profile: EngineProfile | undefined, transfers: Pick<EstimatorSettings, 'bandwidthBytesPerS' | 'transferSetupMs'> = {}): Scheduler {
  const built = createScheduler({
    policy: config.policy,
    decodePolicy: config.decodePolicy,
    admission: config.admission,
    maxInFlightPerInstance: config.maxInFlightPerInstance,
    retryAfterMs: config.retryAfterMs,
    slo: { ttftMs: config.ttftSloMs * config.sloHeadroom, tbtMs: config.tbtSloMs * config.sloHeadroom },
    estimators: { ...(profile ? { profile } : {}), ...transfers, kvcacheBalanceThreshold: config.kvcacheBalanceThreshold },
    fairness: {},
    sessionAffinity: { clock: { monotonicMs: () => performance.now() } },
  });
  if (!built.ok) throw new Error(`scheduler setting ${built.error.key}: ${built.error.message}`);
  return built.value;
}

/** The conductor: instance registry and probes, the scheduler and pipeline, and the OpenAI routes. */
@Module({})
export class ConductorModule {
  static forRoot(config: ConductorConfig, profileFile?: EngineProfile): DynamicModule {
    const clients = new InstanceClients();
    const registry = new InstanceRegistry();
    const catalog = new ModelCatalog();
    const holder = new SchedulerHolder(buildScheduler(config, profileFile));
    const learner = new EngineProfileLearner();
    const calibrator = new EstimateCalibrator();
    const transfers = new TransferLearner();
    let logger: Logger | undefined;
    // Calibration compares outcomes with estimates from the learnt profile only, never the stand-in.
    let fitted = profileFile !== undefined;
    /** Rebuilds the scheduler over the learnt profile, scaled by what calibration has seen of real TTFTs. */
    const refit = () => {
      // One estimator set for the cluster, fitted to the first model described.
      const facts = registry.models()[0];
      if (!facts) return;
      const profile = profileFile ?? learner.profile({ engine: facts.modelId, blockSizeTokens: facts.blockSizeTokens, blockBytes: facts.blockBytes });
      if (!profile) return;
      holder.replace(buildScheduler(config, scaled(profile, calibrator.scale), measuredTransfers(transfers, profile.blockBytes)));
      fitted = true;
      logger?.info('scheduler estimators fitted to the engines\' timings', { prefill: profile.prefill, decode: profile.decode, scale: calibrator.scale });
    };
    for (const address of config.prefill) registry.add(instanceId(address), 'prefill');
    for (const address of config.decode) registry.add(instanceId(address), 'decode');
    return {
      module: ConductorModule,
      controllers: [OpenAiController],
      providers: [
        { provide: CONDUCTOR_CONFIG, useValue: config },
        { provide: REGISTRY, useValue: registry },
        { provide: CATALOG, useValue: catalog },
        {
          provide: PIPELINE,
          inject: [Metrics, CLOCK],
          useFactory: (metrics: Metrics, clock: Clock) => {
            const tbt = metrics.get('tsukimi_tbt_seconds');
            return new RequestPipeline({
              scheduler: holder,
              registry,
              prefill: new GrpcPrefillGateway(clients, config.prefillTimeoutMs),
              decode: new GrpcDecodeGateway(clients, config.decodeIdleTimeoutMs),
              clock,
              attemptsPerPhase: 2,
              onTokenGapMs: (ms) => tbt.observe(ms / 1000),
              onPoolFetch: ({ dramBlocks, ssdBlocks, ms }) => {
                // A fetch from one tier only says what that tier costs; mixed ones are left out.
                const path = ssdBlocks === 0 ? 'dram' : dramBlocks === 0 ? 'ssd' : undefined;
                if (!path) return;
                const before = transfers.fit(path);
                transfers.record(path, { blocks: dramBlocks + ssdBlocks, ms });
                const after = transfers.fit(path);
                if (fitted && after && (!before || Math.abs(Math.log(after.msPerBlock / before.msPerBlock)) > Math.log(1.25))) refit();
              },
              onTtft: (estimatedMs, actualMs) => {
                if (fitted && calibrator.observe(estimatedMs, actualMs) !== undefined) refit();
              },
            });
          },
        },
        {
          provide: PROBER,
          inject: [LOGGER, ReadinessRegistry],
          useFactory: (serviceLogger: Logger, readiness: ReadinessRegistry) => {
            logger = serviceLogger;
            const prober = new InstanceProber(registry, catalog, clients, serviceLogger, { intervalMs: config.probeIntervalMs, timeoutMs: config.probeTimeoutMs }, learner, refit);
            readiness.register('instances', () => {
              const up = (role: 'prefill' | 'decode') => registry.snapshot(role).filter((s) => s.routable).length;
              const details = { prefill: up('prefill'), decode: up('decode') };
              return details.prefill > 0 && details.decode > 0 ? healthy(details) : unhealthy('no routable prefill or decode instance', details);
            });
            prober.start();
            return prober;
          },
        },
        {
          provide: POOL_INDEX,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            if (!config.kvpoolAddress) return undefined;
            const follower = new PoolIndexFollower(config.kvpoolAddress, registry, logger);
            follower.start();
            return follower;
          },
        },
        CompletionService,
        shutdownTask('instances', () => clients.close()),
      ],
    };
  }
}
