import { field } from '@tsukimi/config';

/** The ways the planner's leader is chosen; `auto` resolves to one of the others at boot. */
export const PLANNER_LEADERS = ['auto', 'kubernetes', 'redis', 'none'] as const;
export type PlannerLeader = Exclude<(typeof PLANNER_LEADERS)[number], 'auto'>;

/** The leader election's flags, part of the planner's. */
export const plannerLeaderSchema = {
  plannerLeader: field.enum({
    values: PLANNER_LEADERS,
    default: 'auto',
    description: 'How replicated conductors elect the planner\'s leader: kubernetes (a coordination.k8s.io Lease, --planner-leader-lease-name, in --planner-namespace); redis (a lease key in --redis-url); none (this conductor leads alone); auto: kubernetes in a Pod in scale mode, else redis with --redis-url, else none',
  }),
  plannerLeaderLeaseMs: field.duration({ min: 1_000, default: 15_000, description: 'The planner leader\'s lease: renewed every third of it, taken over by another conductor once it lapses (a Kubernetes Lease counts whole seconds, rounded up)' }),
  plannerLeaderLeaseName: field.string({ default: 'tsukimi-planner-leader', description: 'With --planner-leader=kubernetes, the name of the Lease object' }),
};

/**
 * Which leader election the conductor runs. In a Pod in scale mode the conductor already talks to
 * the API server, and a Lease there is what kubectl and every controller show; elsewhere the Redis
 * the conductors share; with neither, one conductor leads alone. `inPod`: the API server's address
 * is in the environment, as Kubernetes sets it in every container.
 */
export function plannerLeader(config: { readonly planner: string; readonly plannerLeader: (typeof PLANNER_LEADERS)[number]; readonly redisUrl?: string | undefined }, inPod: boolean): PlannerLeader {
  if (config.plannerLeader === 'redis' && config.redisUrl === undefined) throw new Error('planner setting --planner-leader: redis needs --redis-url');
  if (config.plannerLeader !== 'auto') return config.plannerLeader;
  if (inPod && config.planner === 'scale') return 'kubernetes';
  return config.redisUrl !== undefined ? 'redis' : 'none';
}
