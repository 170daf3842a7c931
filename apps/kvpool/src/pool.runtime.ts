import { hostname } from 'node:os';
import { type Logger } from '@tsukimi/telemetry';
import { GrpcMasterLink } from '@tsukimi/instance-kit';
import { openMetadataBackend } from '@tsukimi/kv-store-redis';
import {
  BlockLocator,
  ColocatedPool,
  DramTier,
  LeaderLease,
  NodeAgent,
  NodeStore,
  PoolCoordinator,
  SsdTier,
  StoreMaster,
  TierReportQueue,
  TimedLeaseStore,
  TimedMetadataStore,
  systemTimers,
  nodeBlockStore,
  fanOutTierChanges,
  parseNodeId,
  type AgentPass,
  type EvictedByTier,
  type LeaderEpoch,
  type MetadataStore,
  type NodeReadObserver,
  type OperationTimer,
  type ReplicationDecision,
  type TierObserver,
  TransportBlockCopier,
} from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type HandedOver, type ServiceTokens } from '@tsukimi/service-kit';
import { systemClock } from '@tsukimi/telemetry';
import { ReceiveBufferPool, TcpTransferServer, TcpTransport, type TransferServerStats } from '@tsukimi/transfer';
import { type KvPoolConfig } from './kvpool.config';

/** What one maintenance pass did, whatever the role. */
export interface PassSummary {
  /** Replicas the master evicted, by tier; empty where this process runs no master or does not lead. */
  readonly evicted: EvictedByTier;
  readonly revokedPuts: number;
  readonly departedNodes: number;
  readonly reachedMaster: boolean;
  /** What hot-spot replication decided in this pass; empty where this process does not lead a master. */
  readonly replications: readonly ReplicationDecision[];
  /** A node's pass heard a deposed master (AgentPass.staleEpoch) and refused its answer. */
  readonly staleEpoch?: AgentPass['staleEpoch'];
}

/**
 * The pool as this process runs it: a master (coordinator), a node (store, data plane, agent),
 * or both. Apps wire whichever parts exist; the maintenance loop calls `pass`.
 */
export interface PoolRuntime {
  readonly coordinator?: PoolCoordinator;
  /** Where blocks are held, read from the master's metadata without a lease (the index API's lookup); absent without a master. */
  readonly locator?: BlockLocator;
  /** Whether this process's master leads now (always, with memory metadata); false without a master. */
  isLeader(): boolean;
  /** The master's campaign: its tenure's epoch while it leads, and how often it found the lease held; absent without a master. */
  readonly leadership?: { epoch(): number | undefined; readonly refusedAcquisitions: number };
  /** The node's memory of the highest master epoch it saw; absent where no remote node runs. */
  readonly fence?: { readonly highestEpoch: number };
  readonly node?: NodeStore;
  readonly nodeId?: string;
  /** What the node's data-plane server counted so far; absent without a node. */
  dataPlaneStats?(): TransferServerStats;
  pass(): Promise<PassSummary>;
  /**
   * A node's drain: stops heartbeating and leaves the pool, the master first moving the blocks only
   * it holds to other nodes within `--drain-budget-ms`, while its data plane still serves them.
   * Runs once; what moved, or undefined where this process runs no remote node.
   */
  leave(): Promise<HandedOver | undefined>;
  /** Leaves the pool if it has not, and closes the data plane. */
  close(): Promise<void>;
}

/** Where the runtime reports what it does, for metrics; each is optional. */
export interface PoolObservers {
  /** Every block the data plane reads or stores. */
  readonly reads?: NodeReadObserver;
  /** Every change to the node's tiers, besides the reports to the master. */
  readonly tierChanges?: TierObserver;
  /** The time of each call the master makes to Redis (with `--metadata redis`). */
  readonly redisTimer?: OperationTimer;
}

/** Idle memory kept for reading SSD hits into: a few 16 MiB blocks in flight, more at smaller sizes. */
const SSD_READ_MEMORY_IDLE_BYTES = 64 * 1024 * 1024;

const IDLE_PASS = { evicted: {}, revokedPuts: 0, departedNodes: 0, replications: [] } as const;

/** `serviceTokens`, when given, are demanded on the data plane and shown to the master and to other nodes. */
export async function buildPoolRuntime(config: KvPoolConfig, logger: Logger, observers: PoolObservers = {}, serviceTokens?: ServiceTokens): Promise<Result<PoolRuntime, string>> {
  if (config.role === 'node' && config.masterAddress === undefined) return err('masterAddress: required with --role node');
  if (config.role !== 'node' && config.metadata === 'redis' && config.redisUrl === undefined) return err('redisUrl: required with --metadata redis');
  const master = config.role === 'node' ? undefined : await openMaster(config, logger, observers.redisTimer, serviceTokens);
  if (master !== undefined && !master.ok) return master;
  if (config.role === 'master') return ok(masterRuntime(master!.value));
  const nodeId = parseNodeId(config.nodeId ?? `kvpool-${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._:-]/g, '-'));
  if (!nodeId.ok) return err(`nodeId: ${nodeId.error.reason}`);
  const reports = new TierReportQueue();
  const ssd = config.ssdDir === undefined ? undefined : await SsdTier.open({ dir: config.ssdDir, capacityBytes: config.ssdBytes });
  const node = new NodeStore({ nodeId: nodeId.value, dram: new DramTier({ capacityBytes: config.dramBytes }), ...(ssd ? { ssd, ssdReadMemory: new ReceiveBufferPool({ budgetBytes: SSD_READ_MEMORY_IDLE_BYTES }) } : {}), promoteOnHit: config.promoteOnHit, observer: observers.tierChanges ? fanOutTierChanges([reports, observers.tierChanges]) : reports });
  const server = await TcpTransferServer.listen({ store: nodeBlockStore(node, observers.reads), host: config.host, port: config.dataPort, secrets: serviceTokens });
  if (!server.ok) return err(`dataPort: cannot listen on ${config.host}:${config.dataPort}: ${server.error.code}`);
  const data = { host: config.advertiseHost ?? (config.host === '0.0.0.0' ? '127.0.0.1' : config.host), port: server.value.port };
  logger.info('data plane listening', { nodeId: nodeId.value, dataPort: data.port, advertiseHost: data.host, ssdBlocks: ssd?.usage().blocks ?? 0 });

  if (config.role === 'standalone') {
    const { coordinator, lease, close, locator } = master!.value;
    const pool = new ColocatedPool(coordinator.master, node, reports, data, () => lease.epoch());
    await pool.start();
    return ok({
      coordinator: pool.coordinator,
      locator,
      node,
      nodeId: nodeId.value,
      isLeader: () => lease.isLeader(),
      leadership: lease,
      dataPlaneStats: () => server.value.stats(),
      async pass() {
        if (!lease.isLeader()) return { ...IDLE_PASS, reachedMaster: true };
        const report = await pool.maintain();
        const replication = await pool.coordinator.replicate();
        return { evicted: report.tick.evicted, revokedPuts: report.tick.revokedPuts.length, departedNodes: report.tick.departedNodes.length, reachedMaster: true, replications: replication.decisions };
      },
      leave: async () => undefined,
      async close() {
        await pool.leave();
        await server.value.close();
        await close();
      },
    });
  }

  const link = new GrpcMasterLink(config.masterAddress!, Math.max(1000, config.heartbeatIntervalMs * 4), serviceTokens);
  const agent = new NodeAgent(node, link, reports, data);
  let leaving: Promise<HandedOver | undefined> | undefined;
  const leave = async (): Promise<HandedOver | undefined> => {
    const left = await agent.leave(config.drainBudgetMs);
    if (!left.ok) {
      logger.warn('could not tell the master this node is leaving', { nodeId: nodeId.value, reason: left.error.message });
      return { movedBlocks: 0, movedBytes: 0, masterReached: false };
    }
    logger.info('left the pool', { nodeId: nodeId.value, drainBudgetMs: config.drainBudgetMs, ...left.value });
    return { ...left.value, masterReached: true };
  };
  return ok({
    node,
    nodeId: nodeId.value,
    isLeader: () => false,
    fence: agent.fence,
    dataPlaneStats: () => server.value.stats(),
    async pass() {
      // A node that left must not heartbeat: the master would take it back.
      if (leaving) return { ...IDLE_PASS, reachedMaster: true };
      const pass = await agent.pass();
      if (pass.staleEpoch) return { ...IDLE_PASS, reachedMaster: true, staleEpoch: pass.staleEpoch };
      if (pass.reconcile) logger.info('reconciled with the master', { ...pass.reconcile, commands: pass.applied });
      else if (pass.applied.deleted + pass.applied.demoted > 0) logger.info('carried out the master\'s commands', pass.applied);
      return { ...IDLE_PASS, reachedMaster: pass.reachedMaster };
    },
    leave() {
      leaving ??= leave();
      return leaving;
    },
    async close() {
      leaving ??= leave();
      await leaving;
      link.close();
      await server.value.close();
    },
  });
}

interface MasterParts {
  readonly coordinator: PoolCoordinator;
  readonly locator: BlockLocator;
  readonly lease: LeaderLease;
  close(): Promise<void>;
}

/**
 * The master over its metadata backend, campaigning for leadership at once. With memory metadata
 * it wins at once and alone; with Redis, masters sharing the state elect one leader, and only the
 * leader serves and runs maintenance. The coordinator holds no state of its own, so a standby that
 * wins resumes from Redis.
 */
async function openMaster(config: KvPoolConfig, logger: Logger, redisTimer?: OperationTimer, serviceTokens?: ServiceTokens): Promise<Result<MasterParts, string>> {
  const backend = await openMetadataBackend(
    config.metadata === 'redis' ? { backend: 'redis', url: config.redisUrl!, prefix: config.redisPrefix } : { backend: 'memory' },
    { logger },
  );
  if (!backend.ok) return err(backend.error.kind === 'unreachable' ? `redisUrl: cannot reach ${backend.error.url}: ${backend.error.message}` : backend.error.message);
  // Timed here, at the edge, so the Redis adapter stays free of metrics; a memory backend is not timed.
  const redis = backend.value.kind === 'redis' ? redisTimer : undefined;
  const store = redis ? new TimedMetadataStore(backend.value.store, redis, systemClock) : backend.value.store;
  const leaderLease = redis ? new TimedLeaseStore(backend.value.leaderLease, redis, systemClock) : backend.value.leaderLease;
  const owner = `master-${hostname()}-${process.pid}`;
  let elected: () => void = () => undefined;
  const firstElection = new Promise<void>((resolve) => (elected = resolve));
  // What the master keeps from its own writes (the census, the puts it started) holds only while no
  // other master writes: dropped the moment it gains or loses the lead, not at some later tick.
  let forgetKept: () => void = () => undefined;
  const lease = new LeaderLease({
    store: leaderLease,
    owner,
    clock: systemClock,
    timers: systemTimers,
    options: { ttlMs: config.leaderLeaseTtlMs },
    logger,
    onElected: () => {
      logger.info('elected leader', { owner });
      forgetKept();
      elected();
    },
    onDemoted: (reason) => {
      forgetKept();
      logger.warn('no longer leader', { owner, reason });
    },
  });
  lease.start();
  // A lone master (or one finding the lease free) leads before it takes traffic; a standby does
  // not wait for a leader that may live for hours, it serves as a standby and keeps campaigning.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([firstElection, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(1000, config.leaderLeaseTtlMs))))]);
  clearTimeout(timer);
  // Hot-spot replication and node drains copy blocks between nodes through the master's own data-plane client.
  const transport = new TcpTransport({ secrets: serviceTokens });
  const coordinator = newCoordinator(config, store, () => lease.epoch(), transport);
  forgetKept = () => coordinator.master.forgetKept();
  return ok({
    coordinator,
    locator: new BlockLocator(store),
    lease,
    async close() {
      await lease.stop();
      await transport.close();
      await backend.value.close();
    },
  });
}

function newCoordinator(config: KvPoolConfig, store: MetadataStore, leaderEpoch: LeaderEpoch, transport?: TcpTransport): PoolCoordinator {
  const master = new StoreMaster({
    store,
    clock: systemClock,
    ...(transport ? { copier: new TransportBlockCopier(transport) } : {}),
    options: {
      hotReplicas: config.hotReplicas,
      hotReadsPerWindow: config.hotReadsPerWindow,
      hotWindowMs: config.hotWindowMs,
      reuseSampleRate: config.reuseSampleRate,
      reuseTrackedBlocks: config.reuseTrackedBlocks,
      hitHalfLifeMs: config.hitHalfLifeMs,
      hitTrackedBlocks: config.hitTrackedBlocks,
      leaseTtlMs: config.leaseTtlMs,
      nodeTimeoutMs: config.nodeTimeoutMs,
      pendingPutTimeoutMs: config.pendingPutTimeoutMs,
      highWatermark: config.highWatermark,
      evictionBatchRatio: Math.min(config.evictionBatchRatio, config.highWatermark),
      evictionPolicy: config.evictionPolicy,
      placement: config.placement,
    },
  });
  return new PoolCoordinator(master, leaderEpoch);
}

function masterRuntime({ coordinator, locator, lease, close }: MasterParts): PoolRuntime {
  return {
    coordinator,
    locator,
    isLeader: () => lease.isLeader(),
    leadership: lease,
    leave: async () => undefined,
    async pass() {
      if (!lease.isLeader()) return { ...IDLE_PASS, reachedMaster: true };
      const tick = await coordinator.tick();
      const replication = await coordinator.replicate();
      return { evicted: tick.evicted, revokedPuts: tick.revokedPuts.length, departedNodes: tick.departedNodes.length, reachedMaster: true, replications: replication.decisions };
    },
    close,
  };
}
