import { hostname } from 'node:os';
import { type Logger } from '@tsukimi/telemetry';
import { GrpcMasterLink } from '@tsukimi/instance-kit';
import {
  ColocatedPool,
  DramTier,
  MemoryMetadataStore,
  NodeAgent,
  NodeStore,
  PoolCoordinator,
  SsdTier,
  StoreMaster,
  TierReportQueue,
  nodeBlockStore,
  parseNodeId,
  type NodeReadObserver,
} from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { systemClock } from '@tsukimi/telemetry';
import { TcpTransferServer } from '@tsukimi/transfer';
import { type KvPoolConfig } from './kvpool.config';

/** What one maintenance pass did, whatever the role. */
export interface PassSummary {
  readonly evicted: number;
  readonly revokedPuts: number;
  readonly departedNodes: number;
  readonly reachedMaster: boolean;
}

/**
 * The pool as this process runs it: a master (coordinator), a node (store, data plane, agent),
 * or both. Apps wire whichever parts exist; the maintenance loop calls `pass`.
 */
export interface PoolRuntime {
  readonly coordinator?: PoolCoordinator;
  readonly node?: NodeStore;
  readonly nodeId?: string;
  pass(): Promise<PassSummary>;
  /** Leaves the pool (a node tells the master) and closes the data plane. */
  close(): Promise<void>;
}

export async function buildPoolRuntime(config: KvPoolConfig, logger: Logger, reads?: NodeReadObserver): Promise<Result<PoolRuntime, string>> {
  if (config.role === 'master') return ok(masterRuntime(newCoordinator(config)));
  if (config.role === 'node' && config.masterAddress === undefined) return err('masterAddress: required with --role node');
  const nodeId = parseNodeId(config.nodeId ?? `kvpool-${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._:-]/g, '-'));
  if (!nodeId.ok) return err(`nodeId: ${nodeId.error.reason}`);
  const reports = new TierReportQueue();
  const ssd = config.ssdDir === undefined ? undefined : await SsdTier.open({ dir: config.ssdDir, capacityBytes: config.ssdBytes });
  const node = new NodeStore({ nodeId: nodeId.value, dram: new DramTier({ capacityBytes: config.dramBytes }), ...(ssd ? { ssd } : {}), promoteOnHit: config.promoteOnHit, observer: reports });
  const server = await TcpTransferServer.listen({ store: nodeBlockStore(node, reads), host: config.host, port: config.dataPort });
  if (!server.ok) return err(`dataPort: cannot listen on ${config.host}:${config.dataPort}: ${server.error.code}`);
  const data = { host: config.advertiseHost ?? (config.host === '0.0.0.0' ? '127.0.0.1' : config.host), port: server.value.port };
  logger.info('data plane listening', { nodeId: nodeId.value, dataPort: data.port, advertiseHost: data.host, ssdBlocks: ssd?.usage().blocks ?? 0 });

  if (config.role === 'standalone') {
    const pool = new ColocatedPool(newCoordinator(config).master, node, reports, data);
    await pool.start();
    return ok({
      coordinator: pool.coordinator,
      node,
      nodeId: nodeId.value,
      async pass() {
        const report = await pool.maintain();
        return { evicted: report.applied.demoted + report.applied.deleted, revokedPuts: report.tick.revokedPuts.length, departedNodes: report.tick.departedNodes.length, reachedMaster: true };
      },
      async close() {
        await pool.leave();
        await server.value.close();
      },
    });
  }

  const link = new GrpcMasterLink(config.masterAddress!, Math.max(1000, config.heartbeatIntervalMs * 4));
  const agent = new NodeAgent(node, link, reports, data);
  return ok({
    node,
    nodeId: nodeId.value,
    async pass() {
      const pass = await agent.pass();
      return { evicted: pass.applied.demoted + pass.applied.deleted, revokedPuts: 0, departedNodes: 0, reachedMaster: pass.reachedMaster };
    },
    async close() {
      await agent.leave();
      link.close();
      await server.value.close();
    },
  });
}

function newCoordinator(config: KvPoolConfig): PoolCoordinator {
  const master = new StoreMaster({
    store: new MemoryMetadataStore(),
    clock: systemClock,
    options: {
      leaseTtlMs: config.leaseTtlMs,
      nodeTimeoutMs: config.nodeTimeoutMs,
      highWatermark: config.highWatermark,
      evictionBatchRatio: Math.min(config.evictionBatchRatio, config.highWatermark),
      evictionPolicy: config.evictionPolicy,
      placement: config.placement,
    },
  });
  return new PoolCoordinator(master);
}

function masterRuntime(coordinator: PoolCoordinator): PoolRuntime {
  return {
    coordinator,
    async pass() {
      const tick = await coordinator.tick();
      return { evicted: 0, revokedPuts: tick.revokedPuts.length, departedNodes: tick.departedNodes.length, reachedMaster: true };
    },
    async close() {},
  };
}
