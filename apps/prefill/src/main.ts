import { loadConfigOrExit } from '@tsukimi/config';
import { hostInstancesOrExit, modelCardHandler, PoolWriterClient, startInstance, transferMetrics } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { PrefillWorker, PrefixWarmer } from '@tsukimi/serving';
import { Metrics, bootstrapServiceOrExit, createServiceLogger, openServiceTokensOrExit, type RunningService, startServiceTracingOrExit } from '@tsukimi/service-kit';
import { type Logger, systemClock } from '@tsukimi/telemetry';
import { type PrefillConfig, prefillSchema } from './prefill.config';
import { PrefillGrpcHandlers } from './prefill.grpc-handlers';
import { PrefillModule } from './prefill.module';

async function startPrefill(config: PrefillConfig, instanceId: string, logger: Logger): Promise<RunningService> {
  const serviceTokens = openServiceTokensOrExit(config, logger);
  const started = await startInstance('prefill', { ...config, instanceId, serviceTokens });
  if (!started.ok) {
    logger.error('service failed to start', { reason: started.error });
    process.exit(1);
  }
  const { engine, pool, card } = started.value;
  // Overlapped, the prompt's blocks are stored while it computes: their puts and writes go to a thread of their own.
  const writer = config.overlapKv
    ? new PoolWriterClient(pool, {
        masters: config.kvpoolAddress,
        timeoutMs: config.poolTimeoutMs,
        serviceTokenFile: config.serviceTokenFile,
        transfers: started.value.transfers,
        onTokensReloaded: (tokenCount) => logger.info('service tokens reloaded', { tokenCount, thread: 'pool-writer' }),
      })
    : undefined;
  const worker = new PrefillWorker(engine, writer ?? pool, systemClock, config.overlapKv ? { storeChunkTokens: config.overlapChunkTokens } : {});

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
    handleSignals: false,
    configure: (app) => void started.value.transfers.attach(transferMetrics(app.get(Metrics))),
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Prefill.service, implementation: { ...app.get(PrefillGrpcHandlers).handlers(), modelCard: modelCardHandler(card) } }],
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(prefillSchema, { prefix: 'TSUKIMI_PREFILL', command: 'tsukimi-prefill' });
  // Before any pool client is made: its calls carry the trace only if tracing is on when it is built.
  startServiceTracingOrExit('prefill', config, createServiceLogger({ service: 'prefill', config }));
  await hostInstancesOrExit('prefill', config, (instanceId, logger) => startPrefill(config, instanceId, logger));
}

void main();
