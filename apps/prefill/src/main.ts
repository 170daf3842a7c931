import { loadConfigOrExit } from '@tsukimi/config';
import { modelCardHandler, startInstance, transferMetrics } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { PrefillWorker, PrefixWarmer } from '@tsukimi/serving';
import { Metrics, bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { systemClock } from '@tsukimi/telemetry';
import { prefillSchema } from './prefill.config';
import { PrefillGrpcHandlers } from './prefill.grpc-handlers';
import { PrefillModule } from './prefill.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(prefillSchema, { prefix: 'TSUKIMI_PREFILL', command: 'tsukimi-prefill' });
  const started = await startInstance('prefill', config);
  if (!started.ok) {
    createServiceLogger({ service: 'prefill', config }).error('service failed to start', { reason: started.error });
    process.exit(1);
  }
  const { engine, pool, card } = started.value;
  const worker = new PrefillWorker(engine, pool, systemClock, config.overlapKv ? { storeChunkTokens: config.overlapChunkTokens } : {});

  await bootstrapServiceOrExit({
    service: 'prefill',
    module: PrefillModule.forRoot({
      timings: started.value.timings,
      deviceLog: started.value.deviceLog,
      instanceId: started.value.instanceId,
      engine,
      worker,
      warmer: new PrefixWarmer(engine, pool),
      close: started.value.close,
    }),
    config,
    configure: (app) => void started.value.transfers.attach(transferMetrics(app.get(Metrics))),
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Prefill.service, implementation: { ...app.get(PrefillGrpcHandlers).handlers(), modelCard: modelCardHandler(card) } }],
    },
  });
}

void main();
