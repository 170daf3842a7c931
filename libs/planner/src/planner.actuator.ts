import { err, ok, type Result } from '@tsukimi/result';
import { type LeaderPort } from './leader.port';
import { type PlannerRole, type ScaleDecision } from './planner.model';
import { type ScaleInPort } from './scale-in.port';
import { type ScaleError, type ScalePort, type ScaleTarget } from './scale.port';

/** metrics: export desired replicas for KEDA or an HPA; scale: write them through the scale port; dry-run: only log and count. */
export const PLANNER_MODES = ['metrics', 'scale', 'dry-run'] as const;
export type PlannerMode = (typeof PLANNER_MODES)[number];

/** What became of one decision. */
export type Actuation =
  | { readonly kind: 'held' }
  /** `victims`: on a scale-in, the instances the scale-in port would have removed (nothing prepared). */
  | { readonly kind: 'reported'; readonly mode: 'metrics' | 'dry-run'; readonly victims: readonly string[] }
  | { readonly kind: 'not-leader' }
  | { readonly kind: 'no-target' }
  | { readonly kind: 'scaled'; readonly replicas: number; readonly victims: readonly string[] };

export interface PlannerActuatorOptions {
  readonly mode: PlannerMode;
  readonly targets: Partial<Readonly<Record<PlannerRole, ScaleTarget>>>;
}

/**
 * Carries a decision out as the mode says. In `scale` mode only the leader writes, and before a
 * scale-in it asks the scale-in port (when there is one) which instances should go and has it
 * prepare them, so that the cheapest cache is the one lost; only once the target's scale reads
 * back, so that a target missing, forbidden or unreachable does not leave victims drained for a
 * write that fails. In `metrics` and `dry-run` a scale-in
 * still asks which would go, so the choice can be reported, but prepares nothing.
 */
export class PlannerActuator {
  constructor(
    private readonly options: PlannerActuatorOptions,
    private readonly scale: ScalePort,
    private readonly leader: LeaderPort,
    private readonly scaleIn?: ScaleInPort,
  ) {}

  get mode(): PlannerMode {
    return this.options.mode;
  }

  async actuate(decision: ScaleDecision): Promise<Result<Actuation, ScaleError>> {
    if (decision.direction === 'hold') return ok({ kind: 'held' });
    if (this.options.mode !== 'scale') return ok({ kind: 'reported', mode: this.options.mode, victims: await this.victims(decision) });
    if (!this.leader.isLeader()) return ok({ kind: 'not-leader' });
    const target = this.options.targets[decision.role];
    if (target === undefined) return ok({ kind: 'no-target' });
    if (decision.direction === 'down') {
      // A drained victim serves nothing until its Pod goes: drain none while the replicas cannot be lowered.
      const reachable = await this.scale.read(target);
      if (!reachable.ok) return err(reachable.error);
    }
    const victims = await this.victims(decision);
    if (decision.direction === 'down') await this.scaleIn?.prepare(decision.role, victims);
    const written = await this.scale.write(target, decision.desiredReplicas);
    if (!written.ok) return err(written.error);
    return ok({ kind: 'scaled', replicas: written.value.specReplicas, victims });
  }

  private async victims(decision: ScaleDecision): Promise<readonly string[]> {
    if (decision.direction !== 'down' || !this.scaleIn) return [];
    return this.scaleIn.pickVictims(decision.role, decision.currentReplicas - decision.desiredReplicas);
  }
}
