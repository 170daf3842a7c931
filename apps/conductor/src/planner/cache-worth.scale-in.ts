import { type InstanceRegistry } from '@tsukimi/conductor';
import { type PlannerMode, type PoolReadStatsPort, type ScaleInPort } from '@tsukimi/planner';
import { cacheWorths, type InstanceId, pickScaleInVictims, soleBlocksOf } from '@tsukimi/scheduler';
import { type Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type HttpInstanceDrain } from './http.instance-drain';
import { type PodDeletionCostPort } from './pod-deletion-cost.port';

type Role = 'prefill' | 'decode' | 'kvpool';

export interface CacheWorthScaleInDeps {
  readonly registry: Pick<InstanceRegistry, 'states' | 'index'>;
  readonly mode: PlannerMode;
  /** The Pod an instance runs in (Kubernetes discovery records it). */
  readonly podNameOf: (id: InstanceId) => string | undefined;
  /** Only in scale mode: the others never touch Pods. */
  readonly podCosts?: PodDeletionCostPort | undefined;
  /** Only in scale mode: drains the victims before the replicas are lowered (their `POST /admin/drain`, bounded). */
  readonly drains?: Pick<HttpInstanceDrain, 'drainAll'> | undefined;
  /** The kvpool master's decayed hits per block; without it (or when it does not answer) every block counts 0 and the fewest sole blocks go first. */
  readonly hits?: Pick<PoolReadStatsPort, 'read'> | undefined;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

/**
 * The conductor's scale-in port: picks the prefill or decode instances whose cache is worth least:
 * the blocks only their own memory holds (from the global prefix index), weighed by the decayed
 * hits the kvpool master recorded on each (ties, and a master that does not answer, fall to the
 * fewest such blocks), never one already draining. It counts
 * and logs the choice, and in scale mode marks their Pods with the lowest deletion cost before the
 * replicas are lowered, so the Deployment controller removes those Pods rather than any. kvpool
 * nodes are not picked here: their data is the pool's, and a StatefulSet removes the highest
 * ordinal whatever the cost.
 */
export class CacheWorthScaleIn implements ScaleInPort {
  private readonly victims;

  constructor(private readonly deps: CacheWorthScaleInDeps) {
    this.victims = deps.metrics.get('tsukimi_planner_scale_in_victims_total');
  }

  async pickVictims(role: Role, count: number): Promise<readonly string[]> {
    if (role === 'kvpool' || count <= 0) return [];
    // One draining already leaves (an earlier scale-in's victim whose Pod is not gone yet): picking it
    // again would mark no Pod that is still to go, and the controller would remove any, undrained.
    const candidates = this.deps.registry.states().filter((s) => s.role === role).map((s) => ({ id: s.id, ...(s.facts?.draining ? { draining: true } : {}) }));
    const sole = soleBlocksOf(this.deps.registry.index, candidates);
    const worths = cacheWorths(sole, candidates, await this.hitsOf([...sole.values()].flat()));
    const victims = pickScaleInVictims(worths, count);
    const worthOf = new Map(worths.map((w) => [w.instanceId, w]));
    for (const victim of victims) {
      this.victims.inc({ role, mode: this.deps.mode });
      const worth = worthOf.get(victim);
      this.deps.logger.info('planner scale-in victim', { role, instance: victim, pod: this.deps.podNameOf(victim), soleBlocks: worth?.soleBlocks, soleBlockHits: worth?.soleBlockHits, mode: this.deps.mode });
    }
    return victims;
  }

  /** The master's decayed hits of `keys`; every key 0 when it cannot say. */
  private async hitsOf(keys: readonly string[]): Promise<(key: string) => number> {
    if (!this.deps.hits || keys.length === 0) return () => 0;
    const read = await this.deps.hits.read(keys);
    if (!read.ok) {
      this.deps.logger.warn('scale-in cannot read block hits from the kvpool master; the fewest sole blocks go first', { reason: read.error.message });
      return () => 0;
    }
    const hits = new Map(keys.map((key, i) => [key, read.value.hits[i] ?? 0]));
    return (key) => hits.get(key) ?? 0;
  }

  /** Marks the victims' Pods to go first, then drains them (bounded), so that the Pods removed have finished their work and handed their blocks over. */
  async prepare(role: Role, victims: readonly string[]): Promise<void> {
    if (role === 'kvpool') return;
    await this.markPods(role, victims);
    await this.deps.drains?.drainAll(role, victims as readonly InstanceId[]);
  }

  private async markPods(role: Role, victims: readonly string[]): Promise<void> {
    const costs = this.deps.podCosts;
    if (!costs) return;
    const pods: string[] = [];
    for (const victim of victims) {
      const pod = this.deps.podNameOf(victim as InstanceId);
      if (pod === undefined) this.deps.logger.warn('scale-in victim has no known pod; any pod may go', { role, instance: victim });
      else pods.push(pod);
    }
    const marked = await costs.mark(pods);
    if (!marked.ok) this.deps.logger.warn('could not mark the scale-in victims\' pods; any pod may go', { role, pods, code: marked.error.code, reason: marked.error.message });
  }
}
