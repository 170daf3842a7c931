import { type DynamicModule, Module } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { type DeviceTierLog, type EngineTimings, type PrefillWorker, type PrefixWarmer } from '@tsukimi/serving';
import { shutdownTask } from '@tsukimi/service-kit';
import { PrefillGrpcHandlers } from './prefill.grpc-handlers';
import { PrefillReadiness } from './prefill.readiness';
import { DEVICE_LOG, ENGINE_TIMINGS, ENGINE, INSTANCE_ID, PREFILL_WORKER, PREFIX_WARMER } from './prefill.tokens';

export interface PrefillModuleOptions {
  readonly instanceId: string;
  readonly deviceLog: DeviceTierLog;
  /** The engine timed at start, reported to the conductor. */
  readonly timings: EngineTimings;
  readonly engine: Engine;
  readonly worker: PrefillWorker;
  /** Loads hot prefixes into the engine's memory at the conductor's Warm. */
  readonly warmer: PrefixWarmer;
  /** Releases the pool client and transport once requests have drained. */
  readonly close: () => Promise<void>;
}

/** The prefill app: the domain objects built in main.ts, exposed to the gRPC handlers. */
@Module({})
export class PrefillModule {
  static forRoot(options: PrefillModuleOptions): DynamicModule {
    return {
      module: PrefillModule,
      providers: [
        { provide: ENGINE, useValue: options.engine },
        { provide: PREFILL_WORKER, useValue: options.worker },
        { provide: PREFIX_WARMER, useValue: options.warmer },
        { provide: INSTANCE_ID, useValue: options.instanceId },
        { provide: DEVICE_LOG, useValue: options.deviceLog },
        { provide: ENGINE_TIMINGS, useValue: options.timings },
        PrefillGrpcHandlers,
        PrefillReadiness,
        shutdownTask('kv-pool', options.close),
      ],
    };
  }
}
