import { hostname } from 'node:os';
import { loadConfigOrExit } from '@tsukimi/config';
import { ColocatedPool, DramTier, MemoryMetadataStore, NodeStore, SsdTier, StoreMaster, TierReportQueue, nodeBlockStore, parseNodeId } from '@tsukimi/kv-store';
import { tsukimiProto } from '@tsukimi/proto';
import { bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { systemClock } from '@tsukimi/telemetry';
import { TcpTransferServer } from '@tsukimi/transfer';
import { kvpoolSchema } from './kvpool.config';
import { KvPoolGrpcHandlers } from './kvpool.grpc-handlers';
import { KvPoolModule } from './kvpool.module';
import { NodeDirectory } from './node.directory';

const config = loadConfigOrExit(kvpoolSchema, { prefix: 'TSUKIMI_KVPOOL', command: 'tsukimi-kvpool' });
const logger = createServiceLogger({ service: 'kvpool', config });

function fail(reason: string): never {
  logger.error('service failed to start', { reason });
  process.exit(1);
}

async function main(): Promise<void> {
  const nodeId = parseNodeId(config.nodeId ?? `kvpool-${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._:-]/g, '-'));
  if (!nodeId.ok) fail(`nodeId: ${nodeId.error.reason}`);
  const reports = new TierReportQueue();
  const ssd = config.ssdDir === undefined ? undefined : await SsdTier.open({ dir: config.ssdDir, capacityBytes: config.ssdBytes });
  const node = new NodeStore({ nodeId: nodeId.value, dram: new DramTier({ capacityBytes: config.dramBytes }), ...(ssd ? { ssd } : {}), promoteOnHit: config.promoteOnHit, observer: reports });
  const master = new StoreMaster({
    store: new MemoryMetadataStore(),
    clock: systemClock,
    options: {
      leaseTtlMs: config.leaseTtlMs,
      highWatermark: config.highWatermark,
      evictionBatchRatio: Math.min(config.evictionBatchRatio, config.highWatermark),
      evictionPolicy: config.evictionPolicy,
      placement: config.placement,
    },
  });
  const pool = new ColocatedPool(master, node, reports);
  await pool.start();

  const server = await TcpTransferServer.listen({ store: nodeBlockStore(node), host: config.host, port: config.dataPort });
  if (!server.ok) fail(`dataPort: cannot listen on ${config.host}:${config.dataPort}: ${server.error.code}`);
  const advertiseHost = config.advertiseHost ?? (config.host === '0.0.0.0' ? '127.0.0.1' : config.host);
  const directory = new NodeDirectory();
  directory.register({ nodeId: nodeId.value, host: advertiseHost, port: server.value.port });
  logger.info('data plane listening', { nodeId: nodeId.value, dataPort: server.value.port, advertiseHost, ssdBlocks: ssd?.usage().blocks ?? 0 });

  await bootstrapServiceOrExit({
    service: 'kvpool',
    module: KvPoolModule.forRoot({ config, pool, directory, closeDataPlane: () => server.value.close() }),
    config,
    logger,
    grpc: {
      services: (app) => [{ definition: tsukimiProto().tsukimi.v1.KvPool.service, implementation: app.get(KvPoolGrpcHandlers).handlers() }],
    },
  });
}

void main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
