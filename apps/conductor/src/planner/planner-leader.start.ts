import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type KubeConfig } from '@kubernetes/client-node';
import { type Redis } from 'ioredis';
import { ALWAYS_LEADER, type LeaderLease, type LeaderPort, leaseCallTimeoutMs, LeaseRecordLeader } from '@tsukimi/planner';
import { type Logger } from '@tsukimi/telemetry';
import { kubernetesClient } from '../kubernetes/kubernetes.client';
import { connectRedis } from '../redis.connection';
import { KubernetesLeaseRecords } from './kubernetes.lease-records';
import { type PLANNER_LEADERS, plannerLeader, type PlannerLeader } from './planner-leader.config';
import { RedisLeaderLease } from './redis-leader.lease';

export interface PlannerLeaderWiring {
  readonly planner: string;
  readonly plannerLeader: (typeof PLANNER_LEADERS)[number];
  readonly plannerLeaderLeaseMs: number;
  readonly plannerLeaderLeaseName: string;
  readonly plannerNamespace?: string | undefined;
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
}

/** The planner's leader, which election runs it, and how to end it at shutdown. */
export interface StartedLeader {
  readonly leader: LeaderPort;
  readonly election: PlannerLeader;
  stop(): Promise<void>;
}

const LEADER_STORE = { store: 'planner leader lease', whileUnreachable: 'this conductor stops scaling once its lease runs out' };

/** In a Pod, the namespace given or the kubeconfig context's (the service account's in a Pod), else `default`. */
export function plannerKubeConfig(config: { readonly plannerNamespace?: string | undefined }): { kubeConfig: KubeConfig; namespace: string } {
  const kubeConfig = new (kubernetesClient().KubeConfig)();
  kubeConfig.loadFromDefault();
  const namespace = config.plannerNamespace ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  return { kubeConfig, namespace };
}

/**
 * Starts the leader election the flags choose (`plannerLeader`): a lease renewed every third of
 * its length, one renewal at a time (a slow store delays the next rather than piling calls up),
 * and released at shutdown so another conductor takes over at once.
 */
export function startPlannerLeader(config: PlannerLeaderWiring, log: Logger): StartedLeader {
  const election = plannerLeader(config, process.env['KUBERNETES_SERVICE_HOST'] !== undefined);
  if (election === 'none') return { leader: ALWAYS_LEADER, election, stop: async () => undefined };
  const id = `${hostname()}:${process.pid}:${randomUUID()}`;
  let redis: Redis | undefined;
  let lease: LeaderLease;
  if (election === 'redis') {
    redis = connectRedis(config.redisUrl!, log, LEADER_STORE);
    lease = new RedisLeaderLease(redis, `${config.redisPrefix}planner:leader`, id, config.plannerLeaderLeaseMs, () => Date.now());
  } else {
    const { kubeConfig, namespace } = plannerKubeConfig(config);
    lease = new LeaseRecordLeader(new KubernetesLeaseRecords(kubeConfig, namespace, config.plannerLeaderLeaseName, leaseCallTimeoutMs(config.plannerLeaderLeaseMs)), id, config.plannerLeaderLeaseMs, () => Date.now());
  }
  let renewing: Promise<void> | undefined;
  const renew = () => {
    renewing ??= lease.renew().finally(() => (renewing = undefined));
  };
  renew();
  const timer = setInterval(renew, config.plannerLeaderLeaseMs / 3).unref();
  return {
    leader: lease,
    election,
    stop: async () => {
      clearInterval(timer);
      await renewing;
      await lease.release();
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}
