import { loadConfigOrExit } from '@tsukimi/config';
import { buildModelCard, KvPoolGrpcClient, loadEngine, modelCardHandler, resolveInstanceId } from '@tsukimi/instance-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { DeviceTierLog, profileEngine } from '@tsukimi/serving';
import { bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { TcpTransport } from '@tsukimi/transfer';
import { decodeSchema } from './decode.config';
import { DecodeGrpcHandlers } from './decode.grpc-handlers';
import { DecodeModule } from './decode.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(decodeSchema, { prefix: 'TSUKIMI_DECODE', command: 'tsukimi-decode' });
  const deviceLog = new DeviceTierLog(`${process.pid}-${Date.now().toString(36)}`);
  const engine = await loadEngine(config, deviceLog);
  if (!engine.ok) {
    createServiceLogger({ service: 'decode', config }).error('service failed to start', { reason: engine.error });
    process.exit(1);
  }
  const card = await buildModelCard(config.modelPath, engine.value);
  if (!card.ok) {
    createServiceLogger({ service: 'decode', config }).error('service failed to start', { reason: card.error });
    process.exit(1);
  }
  const transport = new TcpTransport();
  const pool = new KvPoolGrpcClient({ masters: config.kvpoolAddress, transport, timeoutMs: config.poolTimeoutMs });

  await bootstrapServiceOrExit({
    service: 'decode',
    module: DecodeModule.forRoot({
      timings: await profileEngine(engine.value, () => performance.now()),
      deviceLog,
      instanceId: resolveInstanceId('decode', config.instanceId),
      engine: engine.value,
      pool,
      maxBatchSize: config.maxBatchSize,
      tbtSloMs: config.tbtSloMs,
      close: async () => {
        pool.close();
        await transport.close();
        await engine.value.dispose?.();
      },
    }),
    config,
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.Decode.service, implementation: { ...app.get(DecodeGrpcHandlers).handlers(), modelCard: modelCardHandler(card.value) } }],
    },
  });
}

void main();
