import { loadConfigOrExit } from '@tsukimi/config';
import { type GrpcServiceBinding } from '@tsukimi/service-kit';
import { tsukimiProto } from '@tsukimi/proto';
import { bootstrapServiceOrExit, createServiceLogger, openServiceTokensOrExit, startServiceTracingOrExit, unarySpans } from '@tsukimi/service-kit';
import { kvpoolSchema } from './kvpool.config';
import { KvPoolGrpcHandlers } from './kvpool.grpc-handlers';
import { KvPoolIndexGrpcHandlers } from './kvpool-index.grpc-handlers';
import { KvPoolMembersGrpcHandlers } from './kvpool-members.grpc-handlers';
import { KvPoolModule } from './kvpool.module';
import { leaderOnly } from './leader.gate';
import { NodeReadMetrics } from './node-read.metrics';
import { registerPoolIndexApi } from './index-api.routes';
import { buildPoolRuntime } from './pool.runtime';
import { RedisTimingMetrics } from './redis-timing.metrics';
import { TierMoveMetrics } from './tier-move.metrics';

const config = loadConfigOrExit(kvpoolSchema, { prefix: 'TSUKIMI_KVPOOL', command: 'tsukimi-kvpool' });
const logger = createServiceLogger({ service: 'kvpool', config });
const tracing = startServiceTracingOrExit('kvpool', config, logger);

async function main(): Promise<void> {
  const reads = new NodeReadMetrics(config.ssdDir === undefined ? ['dram'] : ['dram', 'ssd']);
  const tierChanges = new TierMoveMetrics();
  const redis = new RedisTimingMetrics();
  const serviceTokens = openServiceTokensOrExit(config, logger);
  const runtime = await buildPoolRuntime(config, logger, { reads, tierChanges, redisTimer: redis.timer }, serviceTokens);
  // Only the parts this process runs declare their series: a master holds no tiers, a node no Redis.
  const observers = [...(config.role === 'master' ? [] : [reads, tierChanges]), ...(config.role !== 'node' && config.metadata === 'redis' ? [redis] : [])];
  if (!runtime.ok) {
    logger.error('service failed to start', { reason: runtime.error });
    process.exit(1);
  }
  const hasMaster = runtime.value.coordinator !== undefined;
  await bootstrapServiceOrExit({
    service: 'kvpool',
    module: KvPoolModule.forRoot({ config, runtime: runtime.value, observers }),
    config,
    logger,
    serviceTokens,
    tracing,
    // A storage node's blocks move to other nodes on a drain, whether a signal or POST /admin/drain asked for it.
    onDrained: () => runtime.value.leave(),
    configure: (app) => {
      const { coordinator, locator } = runtime.value;
      if (!coordinator || !locator) return;
      registerPoolIndexApi(app.getHttpAdapter().getInstance(), { locator, index: coordinator.master, leads: () => runtime.value.isLeader(), tokens: serviceTokens });
    },
    ...(hasMaster
      ? {
          grpc: {
            services: (app): GrpcServiceBinding[] => {
              const v1 = tsukimiProto().tsukimi.v1;
              const leads = () => runtime.value.isLeader();
              return [
                { definition: v1.KvPool.service, implementation: leaderOnly(unarySpans('master', app.get(KvPoolGrpcHandlers).handlers(), ['putStart', 'putEnd', 'get', 'exists']), leads) },
                { definition: v1.KvPoolMembers.service, implementation: leaderOnly(app.get(KvPoolMembersGrpcHandlers).handlers(), leads) },
                { definition: v1.KvPoolIndex.service, implementation: leaderOnly(app.get(KvPoolIndexGrpcHandlers).handlers(), leads) },
              ];
            },
          },
        }
      : {}),
  });
}

main().catch((error: unknown) => {
  logger.error('service failed to start', { reason: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
