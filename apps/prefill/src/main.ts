import { loadConfigOrExit } from '@tsukimi/config';
import { hostInstancesOrExit, listenRelayOrExit, twoPassHandover, modelCardHandler, PoolWriterClient, startInstance, transferMetrics } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { DeviceBlockHeat, fetchOnly, PrefillWorker, PrefixWarmer } from '@tsukimi/serving';
import { type BootstrapOptions, Metrics, bootstrapServiceOrExit, createServiceLogger, openServiceTokensOrExit, type RunningService, startServiceTracingOrExit } from '@tsukimi/service-kit';
import { type Logger, systemClock } from '@tsukimi/telemetry';
import { type PrefillConfig, prefillSchema } from './prefill.config';
import { PrefillGrpcHandlers } from './prefill.grpc-handlers';
import { PrefillModule } from './prefill.module';

async function startPrefill(config: PrefillConfig, instanceId: string, logger: Logger, tracing: BootstrapOptions['tracing']): Promise<RunningService> {
  const serviceTokens = openServiceTokensOrExit(config, logger);
  const started = await startInstance('prefill', { ...config, instanceId, serviceTokens });
  if (!started.ok) {
    logger.error('service failed to start', { reason: started.error });
    process.exit(1);
  }
  const { engine, pool, card } = started.value;
  logger.info('engine timings', { source: started.value.timingsSource, cache: config.engineTimingsCache ?? null });
  const relay = await listenRelayOrExit('prefill', config, serviceTokens, logger);
  // Overlapped, the prompt's blocks are stored while it computes: their puts and writes go from the computing thread between chunk steps, or from a thread of their own.
  const writer = config.overlapKv && config.overlapStoreThread
    ? new PoolWriterClient(pool, {
        masters: config.kvpoolAddress,
        timeoutMs: config.poolTimeoutMs,
        serviceTokenFile: config.serviceTokenFile,
        transfers: started.value.transfers,
        onTokensReloaded: (tokenCount) => logger.info('service tokens reloaded', { tokenCount, thread: 'pool-writer' }),
      })
    : undefined;
  const heat = new DeviceBlockHeat(systemClock, engine.arenaStats().capacityBlocks);
  const stores = config.storeToPool ? (writer ?? pool) : fetchOnly(pool);
  const worker = new PrefillWorker(engine, stores, systemClock, { heat, ...(config.overlapKv && config.storeToPool ? { storeChunkTokens: config.overlapChunkTokens } : {}) });
  let metrics: Metrics | undefined;
  const handover = twoPassHandover({ role: 'prefill', engine, pool, heat, clock: systemClock, budgetMs: config.drainHandoverMs, logger, metrics: () => metrics });

  return bootstrapServiceOrExit({
    service: 'prefill',
    module: PrefillModule.forRoot({
      timings: started.value.timings,
      deviceLog: started.value.deviceLog,
      instanceId,
      engine,
      worker,
      warmer: new PrefixWarmer(engine, pool),
      close: async () => {
        await writer?.close();
        await started.value.close();
      },
    }),
    config,
    logger,
    serviceTokens,
    tracing,
    // The engine's blocks reach the pool before the instance stops taking work, and what came since after.
    beforeDrain: handover.beforeDrain,
    onDrained: async () => {
      // The drain waited on gRPC calls only: streams on the relay finish here, bounded alike, before the second pass.
      await relay?.server.drain(config.shutdownTimeoutMs);
      return handover.onDrained();
    },
    handleSignals: false,
    configure: (app) => {
      const registry = app.get(Metrics);
      metrics = registry;
      started.value.transfers.attach(transferMetrics(registry));
      if (relay) {
        const handlers = app.get(PrefillGrpcHandlers);
        relay.serve(handlers.relayHandler());
        handlers.relayPort = relay.port;
      }
    },
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Prefill.service, implementation: { ...app.get(PrefillGrpcHandlers).handlers(), modelCard: modelCardHandler(card) } }],
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(prefillSchema, { prefix: 'TSUKIMI_PREFILL', command: 'tsukimi-prefill' });
  // Before any pool client is made: its calls carry the trace only if tracing is on when it is built.
  const tracing = startServiceTracingOrExit('prefill', config, createServiceLogger({ service: 'prefill', config }));
  await hostInstancesOrExit('prefill', config, (instanceId, logger) => startPrefill(config, instanceId, logger, tracing));
}

void main();
