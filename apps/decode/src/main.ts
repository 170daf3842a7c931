import { loadConfigOrExit } from '@tsukimi/config';
import { handOverOnDrain, hostInstancesOrExit, listenRelayOrExit, modelCardHandler, startInstance, transferMetrics } from '@tsukimi/instance-kit';
import { DeviceBlockHeat } from '@tsukimi/serving';
import { tsukimiProto } from '@tsukimi/proto';
import { type BootstrapOptions, Metrics, bootstrapServiceOrExit, createServiceLogger, openServiceTokensOrExit, type RunningService, startServiceTracingOrExit } from '@tsukimi/service-kit';
import { type Logger, systemClock } from '@tsukimi/telemetry';
import { type DecodeConfig, decodeSchema } from './decode.config';
import { DecodeGrpcHandlers } from './decode.grpc-handlers';
import { DecodeModule } from './decode.module';

async function startDecode(config: DecodeConfig, instanceId: string, logger: Logger, tracing: BootstrapOptions['tracing']): Promise<RunningService> {
  const serviceTokens = openServiceTokensOrExit(config, logger);
  const started = await startInstance('decode', { ...config, instanceId, serviceTokens });
  if (!started.ok) {
    logger.error('service failed to start', { reason: started.error });
    process.exit(1);
  }
  const { engine, pool, card } = started.value;
  logger.info('engine timings', { source: started.value.timingsSource, cache: config.engineTimingsCache ?? null });
  const relay = await listenRelayOrExit('decode', config, serviceTokens, logger);
  // The KV of the sequences it served (prompt and answer: a chat's next turn sends both back) for the drain to hand to the pool.
  const heat = config.drainHandoverMs > 0 ? new DeviceBlockHeat(systemClock, engine.arenaStats().capacityBlocks) : undefined;
  let metrics: Metrics | undefined;

  return bootstrapServiceOrExit({
    service: 'decode',
    module: DecodeModule.forRoot({
      timings: started.value.timings,
      deviceLog: started.value.deviceLog,
      instanceId,
      engine,
      pool,
      maxBatchSize: config.maxBatchSize,
      tbtSloMs: config.tbtSloMs,
      heat,
      close: async () => {
        await started.value.close();
      },
    }),
    config,
    logger,
    serviceTokens,
    tracing,
    onDrained: async () => {
      // The drain waited on gRPC calls only: streams on the relay finish here, bounded alike, before their blocks are handed over.
      await relay?.server.drain(config.shutdownTimeoutMs);
      return heat ? handOverOnDrain({ role: 'decode', engine, pool, heat, clock: systemClock, budgetMs: config.drainHandoverMs, logger, metrics: () => metrics }) : undefined;
    },
    handleSignals: false,
    configure: (app) => {
      const registry = app.get(Metrics);
      metrics = registry;
      void started.value.transfers.attach(transferMetrics(registry));
      if (relay) {
        const handlers = app.get(DecodeGrpcHandlers);
        relay.serve(handlers.relayHandler());
        handlers.relayPort = relay.port;
      }
    },
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Decode.service, implementation: { ...app.get(DecodeGrpcHandlers).handlers(), modelCard: modelCardHandler(card) } }],
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(decodeSchema, { prefix: 'TSUKIMI_DECODE', command: 'tsukimi-decode' });
  // Before any pool client is made: its calls carry the trace only if tracing is on when it is built.
  const tracing = startServiceTracingOrExit('decode', config, createServiceLogger({ service: 'decode', config }));
  await hostInstancesOrExit('decode', config, (instanceId, logger) => startDecode(config, instanceId, logger, tracing));
}

void main();
