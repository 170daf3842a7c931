import { type DynamicModule, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthController } from '../health/health.controller';
import { ReadinessRegistry } from '../health/readiness.registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { MetricsController } from '../metrics/metrics.controller';
import { Metrics } from '../metrics/metrics.service';
import { type ServiceRuntime } from '../runtime/service-runtime';
import { CLOCK, LOGGER } from './service-kit.tokens';

/**
 * Serves `/healthz`, `/readyz` and `/metrics`, and makes the runtime injectable everywhere
 * (global): `Metrics`, `ReadinessRegistry`, `ServiceLifecycle`, prom-client's `Registry`,
 * and the `LOGGER` and `CLOCK` tokens. `bootstrapService` imports it; a unit test of a module
 * imports `ServiceKitModule.forRoot(createServiceRuntime({ service: 'test' }))`.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    const providers = [
      { provide: LOGGER, useValue: runtime.logger },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: Registry, useValue: runtime.registry },
      { provide: Metrics, useValue: runtime.metrics },
      { provide: ReadinessRegistry, useValue: runtime.readiness },
      { provide: ServiceLifecycle, useValue: runtime.lifecycle },
    ];
    return {
      module: ServiceKitModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}
