import { type DynamicModule, Module } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { countBlockRejects, exportInstanceLoad, registerBlockRejects, registerPromptTokens } from '@tsukimi/instance-kit';
import { DecodeBatcher, type DeviceBlockHeat, type DeviceTierLog, type EngineTimings, type KvPoolClient } from '@tsukimi/serving';
import { CLOCK, Metrics, ReadinessRegistry, healthy, shutdownTask } from '@tsukimi/service-kit';
import { type Clock } from '@tsukimi/telemetry';
import { DecodeGrpcHandlers } from './decode.grpc-handlers';
import { DEVICE_LOG, ENGINE_TIMINGS, DECODE_BATCHER, ENGINE, INSTANCE_ID } from './decode.tokens';

export interface DecodeModuleOptions {
  readonly instanceId: string;
  readonly deviceLog: DeviceTierLog;
  /** The engine timed at start, reported to the conductor. */
  readonly timings: EngineTimings;
  readonly engine: Engine;
  readonly pool: KvPoolClient;
  readonly maxBatchSize: number;
  /** Bounds each step's batch by measured step times; no bound when undefined. */
  readonly tbtSloMs: number | undefined;
  /** Where finished sequences' blocks are remembered for the drain's handover; none when it is off. */
  readonly heat: DeviceBlockHeat | undefined;
  /** Releases the pool client and transport once requests have drained. */
  readonly close: () => Promise<void>;
}

/** The decode app: the continuous batch, with its load, step time and bound reported as metrics. */
@Module({})
export class DecodeModule {
  static forRoot(options: DecodeModuleOptions): DynamicModule {
    return {
      module: DecodeModule,
      providers: [
        { provide: ENGINE, useValue: options.engine },
        { provide: INSTANCE_ID, useValue: options.instanceId },
        { provide: DEVICE_LOG, useValue: options.deviceLog },
        { provide: ENGINE_TIMINGS, useValue: options.timings },
        {
          provide: DECODE_BATCHER,
          inject: [Metrics, CLOCK, ReadinessRegistry],
          useFactory: (metrics: Metrics, clock: Clock, readiness: ReadinessRegistry) => {
            readiness.register('model', () => healthy({ modelId: options.engine.info.modelId }));
            const stepSeconds = metrics.get('tsukimi_instance_step_seconds');
            metrics.get('tsukimi_instance_decode_requests_total');
            metrics.get('tsukimi_instance_local_prefills_total');
            const prefetched = metrics.get('tsukimi_instance_prefetched_blocks_total');
            const prefetchLoaded = metrics.get('tsukimi_instance_prefetch_loaded_blocks_total');
            const localStored = metrics.get('tsukimi_instance_local_stored_blocks_total');
            const bound = metrics.get('tsukimi_instance_batch_bound');
            const batcher: DecodeBatcher = new DecodeBatcher(options.engine, options.pool, {
              maxBatchSize: options.maxBatchSize,
              tbtSloMs: options.tbtSloMs,
              ...(options.heat ? { heat: options.heat } : {}),
              monotonicMs: () => clock.monotonicMs(),
              prefetch: { onImported: (blocks) => prefetched.inc(blocks), onRefused: (refused) => countBlockRejects(metrics, refused) },
              onPrefetchFinished: (blocks) => prefetchLoaded.inc(blocks),
              onLocalStored: (tally) => localStored.inc(tally.storedBlocks),
              onStep: (_size, ms) => {
                stepSeconds.observe(ms / 1000);
                bound.set(batcher.batchBound);
              },
            });
            bound.set(batcher.batchBound);
            registerPromptTokens(metrics, 'decode');
            registerBlockRejects(metrics);
            exportInstanceLoad(metrics, readiness, 'decode', options.engine, () => ({
              queueDepth: batcher.waitingRequests,
              batchSize: batcher.batchSize,
              activeSequences: batcher.activeRequests,
            }));
            return batcher;
          },
        },
        DecodeGrpcHandlers,
        shutdownTask('kv-pool', options.close),
      ],
    };
  }
}
