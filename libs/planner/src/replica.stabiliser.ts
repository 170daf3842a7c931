import { type DecisionReason, type ScaleDirection, type ScaleProposal } from './planner.model';
import { type RoleBounds } from './planner.options';

export interface StabilisedDecision {
  readonly direction: ScaleDirection;
  readonly reason: DecisionReason;
  readonly desiredReplicas: number;
}

interface Recorded {
  readonly atMs: number;
  readonly replicas: number;
}

/**
 * One role's damping, as the HorizontalPodAutoscaler's `behavior` does it: proposals are clamped
 * to the bounds and remembered; a scale-up goes only as far as the lowest proposal within the
 * scale-up window, a scale-down only as far as the highest within the scale-down window, so a
 * proposal must persist through its window (counted from the first proposal seen, so a fresh
 * planner cannot skip it). On top, a cool-down after each change, per direction.
 */
export class ReplicaStabiliser {
  private readonly history: Recorded[] = [];
  private firstMs: number | undefined;
  private lastChangeMs: number | undefined;

  constructor(private readonly bounds: RoleBounds) {}

  decide(currentReplicas: number, proposal: ScaleProposal, nowMs: number): StabilisedDecision {
    const { minReplicas, maxReplicas } = this.bounds;
    const clamped = Math.min(maxReplicas, Math.max(minReplicas, proposal.replicas));
    this.record(nowMs, clamped);
    const hold = (reason: DecisionReason): StabilisedDecision => ({ direction: 'hold', reason, desiredReplicas: currentReplicas });
    if (clamped === currentReplicas) {
      if (proposal.replicas > maxReplicas) return hold('at-max');
      if (proposal.replicas < minReplicas) return hold('at-min');
      return hold(proposal.reason);
    }
    const up = clamped > currentReplicas;
    // Out of bounds (the bounds changed, or someone scaled by hand): back within them at once.
    if (currentReplicas > maxReplicas || currentReplicas < minReplicas) return this.change(up, up ? 'at-min' : 'at-max', clamped, nowMs);
    const windowMs = up ? this.bounds.scaleUpWindowMs : this.bounds.scaleDownWindowMs;
    if (nowMs - (this.firstMs ?? nowMs) < windowMs) return hold('stabilising');
    const inWindow = this.history.filter((r) => r.atMs >= nowMs - windowMs).map((r) => r.replicas);
    const stabilised = up ? Math.min(...inWindow) : Math.max(...inWindow);
    if (up ? stabilised <= currentReplicas : stabilised >= currentReplicas) return hold('stabilising');
    const cooldownMs = up ? this.bounds.scaleUpCooldownMs : this.bounds.scaleDownCooldownMs;
    if (this.lastChangeMs !== undefined && nowMs - this.lastChangeMs < cooldownMs) return hold('cooling-down');
    return this.change(up, proposal.reason, stabilised, nowMs);
  }

  /** A change made outside the window logic (the slow loop's plan) still starts the cool-down. */
  noteChange(nowMs: number): void {
    this.lastChangeMs = nowMs;
  }

  coolingDown(direction: 'up' | 'down', nowMs: number): boolean {
    const cooldownMs = direction === 'up' ? this.bounds.scaleUpCooldownMs : this.bounds.scaleDownCooldownMs;
    return this.lastChangeMs !== undefined && nowMs - this.lastChangeMs < cooldownMs;
  }

  private change(up: boolean, reason: DecisionReason, desiredReplicas: number, nowMs: number): StabilisedDecision {
    this.lastChangeMs = nowMs;
    return { direction: up ? 'up' : 'down', reason, desiredReplicas };
  }

  private record(nowMs: number, replicas: number): void {
    this.firstMs ??= nowMs;
    this.history.push({ atMs: nowMs, replicas });
    const keepMs = Math.max(this.bounds.scaleUpWindowMs, this.bounds.scaleDownWindowMs);
    while (this.history.length > 1 && this.history[0]!.atMs < nowMs - keepMs) this.history.shift();
  }
}
