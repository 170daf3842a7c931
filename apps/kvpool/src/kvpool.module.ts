import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { Metrics, ReadinessRegistry, healthy, unhealthy } from '@tsukimi/service-kit';
import { type KvPoolConfig } from './kvpool.config';
import { KvPoolGrpcHandlers } from './kvpool.grpc-handlers';
import { KvPoolIndexGrpcHandlers } from './kvpool-index.grpc-handlers';
import { KvPoolMembersGrpcHandlers } from './kvpool-members.grpc-handlers';
import { COORDINATOR, KVPOOL_CONFIG, RUNTIME } from './kvpool.tokens';
import { type LateBoundMetrics } from './late-bound.metrics';
import { PoolMaintenance } from './pool.maintenance';
import { type PoolRuntime } from './pool.runtime';

export interface KvPoolModuleOptions {
  readonly config: KvPoolConfig;
  readonly runtime: PoolRuntime;
  /** The runtime's observers, bound to the metrics once they exist. */
  readonly observers: readonly LateBoundMetrics[];
}

/** The kvpool app: the master's gRPC services where this process is a master, the maintenance loop, readiness. */
@Module({})
export class KvPoolModule {
  static forRoot({ config, runtime, observers }: KvPoolModuleOptions): DynamicModule {
    const masterProviders: Provider[] = runtime.coordinator
      ? [{ provide: COORDINATOR, useValue: runtime.coordinator }, KvPoolGrpcHandlers, KvPoolMembersGrpcHandlers, KvPoolIndexGrpcHandlers]
      : [];
    return {
      module: KvPoolModule,
      providers: [
        { provide: KVPOOL_CONFIG, useValue: config },
        { provide: RUNTIME, useValue: runtime },
        ...masterProviders,
        {
          provide: 'POOL_READINESS',
          inject: [ReadinessRegistry, Metrics],
          useFactory: (readiness: ReadinessRegistry, metrics: Metrics) => {
            for (const observer of observers) observer.bind(metrics);
            readiness.register('pool', async () => {
              const details = { role: config.role, nodeId: runtime.nodeId ?? null };
              if (!runtime.coordinator) return healthy(details);
              if (!runtime.isLeader()) return unhealthy('standby: another kvpool master leads', details);
              const nodes = await runtime.coordinator.master.nodeUsage();
              return nodes.length > 0 || config.role === 'master' ? healthy({ ...details, nodes: nodes.length }) : unhealthy('no storage node has joined', details);
            });
            return true;
          },
        },
        PoolMaintenance,
      ],
    };
  }
}
