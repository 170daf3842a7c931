import { type DynamicModule, Module } from '@nestjs/common';
import { InstanceRegistry, RequestPipeline } from '@tsukimi/conductor';
import { instanceId, PICKERS, Scheduler } from '@tsukimi/scheduler';
import { CLOCK, LOGGER, Metrics, ReadinessRegistry, healthy, shutdownTask, unhealthy } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { type ConductorConfig } from './conductor.config';
import { CONDUCTOR_CONFIG, PIPELINE, REGISTRY } from './conductor.tokens';
import { GrpcDecodeGateway } from './gateways/grpc-decode.gateway';
import { GrpcPrefillGateway } from './gateways/grpc-prefill.gateway';
import { InstanceClients } from './gateways/instance-clients';
import { InstanceProber } from './gateways/instance.prober';
import { CompletionService } from './http/completion.service';
import { OpenAiController } from './http/openai.controller';

const PROBER = Symbol('PROBER');

/** The conductor: instance registry and probes, the scheduler and pipeline, and the OpenAI routes. */
@Module({})
export class ConductorModule {
  static forRoot(config: ConductorConfig): DynamicModule {
    const clients = new InstanceClients();
    const registry = new InstanceRegistry();
    for (const address of config.prefill) registry.add(instanceId(address), 'prefill');
    for (const address of config.decode) registry.add(instanceId(address), 'decode');
    return {
      module: ConductorModule,
      controllers: [OpenAiController],
      providers: [
        { provide: CONDUCTOR_CONFIG, useValue: config },
        { provide: REGISTRY, useValue: registry },
        {
          provide: PIPELINE,
          inject: [Metrics, CLOCK],
          useFactory: (metrics: Metrics, clock: Clock) => {
            const tbt = metrics.get('tsukimi_tbt_seconds');
            const scheduler = new Scheduler({
              prefill: PICKERS[config.policy](),
              decode: PICKERS[config.decodePolicy](),
              maxInFlightPerInstance: config.maxInFlightPerInstance,
              retryAfterMs: config.retryAfterMs,
            });
            return new RequestPipeline({
              scheduler,
              registry,
              prefill: new GrpcPrefillGateway(clients, config.prefillTimeoutMs),
              decode: new GrpcDecodeGateway(clients, config.decodeIdleTimeoutMs),
              clock,
              attemptsPerPhase: 2,
              onTokenGapMs: (ms) => tbt.observe(ms / 1000),
            });
          },
        },
        {
          provide: PROBER,
          inject: [LOGGER, ReadinessRegistry],
          useFactory: (logger: Logger, readiness: ReadinessRegistry) => {
            const prober = new InstanceProber(registry, clients, logger, { intervalMs: config.probeIntervalMs, timeoutMs: config.probeTimeoutMs });
            readiness.register('instances', () => {
              const up = (role: 'prefill' | 'decode') => registry.snapshot(role).filter((s) => s.routable).length;
              const details = { prefill: up('prefill'), decode: up('decode') };
              return details.prefill > 0 && details.decode > 0 ? healthy(details) : unhealthy('no routable prefill or decode instance', details);
            });
            prober.start();
            return prober;
          },
        },
        CompletionService,
        shutdownTask('instances', () => clients.close()),
      ],
    };
  }
}
