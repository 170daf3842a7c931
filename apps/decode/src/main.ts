import { loadConfigOrExit } from '@tsukimi/config';
import { modelCardHandler, startInstance, transferMetrics } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { Metrics, bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { decodeSchema } from './decode.config';
import { DecodeGrpcHandlers } from './decode.grpc-handlers';
import { DecodeModule } from './decode.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(decodeSchema, { prefix: 'TSUKIMI_DECODE', command: 'tsukimi-decode' });
  const started = await startInstance('decode', config);
  if (!started.ok) {
    createServiceLogger({ service: 'decode', config }).error('service failed to start', { reason: started.error });
    process.exit(1);
  }
  const { engine, pool, card } = started.value;

  await bootstrapServiceOrExit({
    service: 'decode',
    module: DecodeModule.forRoot({
      timings: started.value.timings,
      deviceLog: started.value.deviceLog,
      instanceId: started.value.instanceId,
      engine,
      pool,
      maxBatchSize: config.maxBatchSize,
      tbtSloMs: config.tbtSloMs,
      close: started.value.close,
    }),
    config,
    configure: (app) => void started.value.transfers.attach(transferMetrics(app.get(Metrics))),
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Decode.service, implementation: { ...app.get(DecodeGrpcHandlers).handlers(), modelCard: modelCardHandler(card) } }],
    },
  });
}

void main();
