import { type InstanceRole } from '@tsukimi/scheduler';
import { decodeProposal, type DecodeSignals, type PrefillSignals, prefillProposal } from './fast-loop.rules';
import { planKvpoolSsd } from './kvpool-ssd.sizer';
import { type HitRatioCurve, planKvpool } from './kvpool.sizer';
import { type KvpoolSsdDecision, type PlannerRole, type ScaleDecision, type ScaleProposal } from './planner.model';
import { type PlannerOptions } from './planner.options';
import { type LoadSignals, planPools } from './pool.sizer';
import { ReplicaStabiliser } from './replica.stabiliser';

export interface PlannerClock {
  nowMs(): number;
}

/** Where decisions go: the edge logs and counts each and sets the desired-replicas gauges. */
export interface PlannerSink {
  /**
   * Called once per role per tick, holds included; must not throw. A `no-signal` hold says
   * nothing of the replicas wanted: leave the desired-replicas gauge as it was.
   */
  decided(decision: ScaleDecision): void;
  /** Called once per slow tick with kvpool signals, after the kvpool's decision; must not throw. */
  kvpoolSsdDecided(decision: KvpoolSsdDecision): void;
}

/** A fast tick's signals; a role without any (no instance reported) holds with `no-signal`. */
export interface FastSignals {
  readonly prefill?: PrefillSignals;
  readonly decode?: DecodeSignals;
}

/** The kvpool as its master reports it: live storage nodes, the hit-ratio curve, and blocks one node's DRAM holds (its budget over the mean block read). */
export interface KvpoolSignals {
  readonly nodes: number;
  readonly curve: HitRatioCurve;
  readonly blocksPerNode: number;
  /** The mean block read, which turns SSD blocks into bytes. */
  readonly blockBytes: number;
  /** The nodes' mean SSD budget now; 0 where none has an SSD tier. */
  readonly ssdBytesPerNode: number;
}

export interface SlowSignals {
  /** The load over the slow loop's window, with the pools' current sizes. */
  readonly load?: LoadSignals & { readonly prefillReplicas: number; readonly decodeReplicas: number };
  readonly kvpool?: KvpoolSignals;
}

/**
 * The planner: a fast loop that steps prefill and decode one replica at a time on SLO signals,
 * and a slow loop that sizes both pools from the request rate (as a floor the fast loop may not
 * scale below, raised at once when load grows) and the kvpool from its hit-ratio curve. Every
 * proposal passes the role's stabilisation windows, cool-downs and bounds. It only decides:
 * acting on the decisions (or exporting them) is the edge's job.
 */
export class Planner {
  private readonly stabilisers: Record<PlannerRole, ReplicaStabiliser>;
  private readonly floors = new Map<PlannerRole, number>();
  private readonly desiredReplicas = new Map<PlannerRole, number>();

  constructor(
    private readonly options: PlannerOptions,
    private readonly clock: PlannerClock,
    private readonly sink: PlannerSink,
  ) {
    this.stabilisers = {
      prefill: new ReplicaStabiliser(options.roles.prefill),
      decode: new ReplicaStabiliser(options.roles.decode),
      kvpool: new ReplicaStabiliser(options.roles.kvpool),
    };
  }

  /** The replicas last decided for a role; undefined before its first signal. */
  desired(role: PlannerRole): number | undefined {
    return this.desiredReplicas.get(role);
  }

  fastTick(signals: FastSignals): ScaleDecision[] {
    const nowMs = this.clock.nowMs();
    const decide = (role: InstanceRole, replicas: number, proposal: ScaleProposal) =>
      this.raisedToFloor(role, replicas, nowMs, 'fast') ?? this.stabilised(role, replicas, this.floored(role, replicas, proposal), nowMs);
    const decisions = [
      signals.prefill ? decide('prefill', signals.prefill.replicas, prefillProposal(signals.prefill, this.options)) : this.noSignal('prefill', nowMs),
      signals.decode ? decide('decode', signals.decode.replicas, decodeProposal(signals.decode, this.options)) : this.noSignal('decode', nowMs),
    ];
    return this.publish(decisions);
  }

  slowTick(signals: SlowSignals): ScaleDecision[] {
    const nowMs = this.clock.nowMs();
    const decisions: ScaleDecision[] = [];
    if (signals.load) {
      const plan = planPools(signals.load, this.options.targetUtilisation);
      decisions.push(this.planned('prefill', signals.load.prefillReplicas, plan.prefill, nowMs));
      decisions.push(this.planned('decode', signals.load.decodeReplicas, plan.decode, nowMs));
    }
    if (signals.kvpool) decisions.push(this.kvpool(signals.kvpool, nowMs));
    this.publish(decisions);
    if (signals.kvpool) this.sink.kvpoolSsdDecided(this.kvpoolSsd(signals.kvpool, this.desiredReplicas.get('kvpool') ?? signals.kvpool.nodes, nowMs));
    return decisions;
  }

  /** The slow loop's plan is a floor for the fast loop: a scale-down below it becomes a hold. */
  private floored(role: PlannerRole, current: number, proposal: ScaleProposal): ScaleProposal {
    const floor = this.floors.get(role);
    return floor !== undefined && proposal.replicas < current && proposal.replicas < floor ? { replicas: current, reason: 'plan-floor' } : proposal;
  }

  private planned(role: PlannerRole, current: number, plan: number | undefined, nowMs: number): ScaleDecision {
    if (plan === undefined) return this.noSignal(role, nowMs, current);
    const { minReplicas, maxReplicas } = this.options.roles[role];
    this.floors.set(role, Math.min(maxReplicas, Math.max(minReplicas, plan)));
    const raised = this.raisedToFloor(role, current, nowMs, 'slow');
    if (raised) return raised;
    const reason = plan > maxReplicas && current >= maxReplicas ? 'at-max' : current < (this.floors.get(role) ?? 0) ? 'cooling-down' : 'capacity-plan';
    return { role, loop: 'slow', currentReplicas: current, atMs: nowMs, direction: 'hold', reason, desiredReplicas: current };
  }

  /**
   * A pool below the slow loop's plan goes straight up to it, without the up window (the plan is
   * already an average over the slow loop's period) but after the up cool-down; a fast tick
   * finishes what a cool-down held back at the slow tick.
   */
  private raisedToFloor(role: PlannerRole, current: number, nowMs: number, loop: 'fast' | 'slow'): ScaleDecision | undefined {
    const floor = this.floors.get(role);
    const stabiliser = this.stabilisers[role];
    if (floor === undefined || floor <= current || stabiliser.coolingDown('up', nowMs)) return undefined;
    stabiliser.noteChange(nowMs);
    return { role, loop, currentReplicas: current, atMs: nowMs, direction: 'up', reason: 'capacity-plan', desiredReplicas: floor };
  }

  /** Kvpool nodes move one at a time (a node's drain moves its blocks), toward the curve's plan. */
  private kvpool(signals: KvpoolSignals, nowMs: number): ScaleDecision {
    const { minReplicas, maxReplicas } = this.options.roles.kvpool;
    const blocksPerNode = signals.blocksPerNode;
    const gain = this.options.minHitRatioGainPerNode;
    const plan = planKvpool(signals.curve, blocksPerNode, gain, minReplicas, maxReplicas);
    const current = signals.nodes;
    const lostByOneFewer = signals.curve.hitRatio(current * blocksPerNode) - signals.curve.hitRatio((current - 1) * blocksPerNode);
    let proposal: ScaleProposal = { replicas: current, reason: 'within-slo' };
    if (plan.nodes > current) proposal = { replicas: current + 1, reason: 'hit-ratio-gain' };
    else if (plan.nodes < current && lostByOneFewer < gain / 2) proposal = { replicas: current - 1, reason: 'hit-ratio-plateau' };
    return this.stabilised('kvpool', current, proposal, nowMs, 'slow');
  }

  /** The SSD behind the DRAM of the nodes the kvpool decision wants; not damped, since nothing acts on it at once. */
  private kvpoolSsd(signals: KvpoolSignals, nodes: number, nowMs: number): KvpoolSsdDecision {
    const plan = planKvpoolSsd({ curve: signals.curve, nodes, dramBlocksPerNode: signals.blocksPerNode, blockBytes: signals.blockBytes }, this.options.kvpoolSsd);
    const current = signals.ssdBytesPerNode;
    const direction = plan.bytesPerNode > current ? 'up' : plan.bytesPerNode < current ? 'down' : 'hold';
    return { direction, reason: plan.reason, nodes, currentBytesPerNode: current, desiredBytesPerNode: plan.bytesPerNode, hitRatio: plan.hitRatio, atMs: nowMs };
  }

  private stabilised(role: PlannerRole, current: number, proposal: ScaleProposal, nowMs: number, loop: 'fast' | 'slow' = 'fast'): ScaleDecision {
    const decision = this.stabilisers[role].decide(current, proposal, nowMs);
    return { role, loop, currentReplicas: current, atMs: nowMs, ...decision };
  }

  private noSignal(role: PlannerRole, nowMs: number, current?: number): ScaleDecision {
    const replicas = current ?? this.desiredReplicas.get(role) ?? 0;
    return { role, loop: current === undefined ? 'fast' : 'slow', direction: 'hold', reason: 'no-signal', currentReplicas: replicas, desiredReplicas: replicas, atMs: nowMs };
  }

  private publish(decisions: ScaleDecision[]): ScaleDecision[] {
    for (const decision of decisions) {
      if (decision.reason !== 'no-signal' || this.desiredReplicas.has(decision.role)) this.desiredReplicas.set(decision.role, decision.desiredReplicas);
      this.sink.decided(decision);
    }
    return decisions;
  }
}
