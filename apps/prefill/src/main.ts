import { loadConfigOrExit } from '@tsukimi/config';
import { buildModelCard, KvPoolGrpcClient, loadEngine, modelCardHandler, resolveInstanceId } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { DeviceTierLog, PrefillWorker, profileEngine } from '@tsukimi/serving';
import { bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { systemClock } from '@tsukimi/telemetry';
import { TcpTransport } from '@tsukimi/transfer';
import { prefillSchema } from './prefill.config';
import { PrefillGrpcHandlers } from './prefill.grpc-handlers';
import { PrefillModule } from './prefill.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(prefillSchema, { prefix: 'TSUKIMI_PREFILL', command: 'tsukimi-prefill' });
  const deviceLog = new DeviceTierLog(`${process.pid}-${Date.now().toString(36)}`);
  const engine = await loadEngine(config, deviceLog);
  if (!engine.ok) {
    createServiceLogger({ service: 'prefill', config }).error('service failed to start', { reason: engine.error });
    process.exit(1);
  }
  const card = await buildModelCard(config.modelPath, engine.value);
  if (!card.ok) {
    createServiceLogger({ service: 'prefill', config }).error('service failed to start', { reason: card.error });
    process.exit(1);
  }
  const transport = new TcpTransport();
  const pool = new KvPoolGrpcClient({ masters: config.kvpoolAddress, transport, timeoutMs: config.poolTimeoutMs });
  const worker = new PrefillWorker(engine.value, pool, systemClock);

  await bootstrapServiceOrExit({
    service: 'prefill',
    module: PrefillModule.forRoot({
      timings: await profileEngine(engine.value, () => performance.now()),
      deviceLog,
      instanceId: resolveInstanceId('prefill', config.instanceId),
      engine: engine.value,
      worker,
      close: async () => {
        pool.close();
        await transport.close();
        await engine.value.dispose?.();
      },
    }),
    config,
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Prefill.service, implementation: { ...app.get(PrefillGrpcHandlers).handlers(), modelCard: modelCardHandler(card.value) } }],
    },
  });
}

void main();
