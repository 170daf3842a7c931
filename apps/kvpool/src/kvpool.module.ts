import { type DynamicModule, Module } from '@nestjs/common';
import { type ColocatedPool } from '@tsukimi/kv-store';
import { ReadinessRegistry, healthy, shutdownTask } from '@tsukimi/service-kit';
import { type KvPoolConfig } from './kvpool.config';
import { KvPoolGrpcHandlers } from './kvpool.grpc-handlers';
import { KVPOOL_CONFIG, NODE_DIRECTORY, POOL } from './kvpool.tokens';
import { type NodeDirectory } from './node.directory';
import { PoolMaintenance } from './pool.maintenance';

export interface KvPoolModuleOptions {
  readonly config: KvPoolConfig;
  readonly pool: ColocatedPool;
  readonly directory: NodeDirectory;
  /** Closes the data plane once control-plane calls have drained. */
  readonly closeDataPlane: () => Promise<void>;
}

/** The kvpool app: the master's gRPC API, the node's maintenance loop, and readiness. */
@Module({})
export class KvPoolModule {
  static forRoot(options: KvPoolModuleOptions): DynamicModule {
    return {
      module: KvPoolModule,
      providers: [
        { provide: KVPOOL_CONFIG, useValue: options.config },
        { provide: POOL, useValue: options.pool },
        { provide: NODE_DIRECTORY, useValue: options.directory },
        {
          provide: 'POOL_READINESS',
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry) => {
            readiness.register('pool', () => healthy({ nodeId: options.pool.node.nodeId, dramBytes: options.pool.node.usage().dram.capacityBytes }));
            return true;
          },
        },
        KvPoolGrpcHandlers,
        PoolMaintenance,
        shutdownTask('data-plane', options.closeDataPlane),
      ],
    };
  }
}
