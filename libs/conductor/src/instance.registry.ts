import { type BlockKey } from '@tsukimi/kv-block';
import { DevicePrefixIndex, type InstanceId, type InstanceRole, type InstanceSnapshot } from '@tsukimi/scheduler';
import { type InstanceFacts, incompatibility } from './instance-facts';

export type InstanceHealth = 'unknown' | 'up' | 'down' | 'incompatible';

/** One instance as the conductor tracks it. */
export interface InstanceState {
  readonly id: InstanceId;
  readonly role: InstanceRole;
  health: InstanceHealth;
  facts: InstanceFacts | undefined;
  /** Why the instance is down or incompatible. */
  reason: string | undefined;
  inFlightRequests: number;
  inFlightTokens: number;
}

/**
 * The instances the conductor routes to: their health (from probes and from failed
 * calls), what they serve, the work in flight on each, and the blocks each holds. An
 * instance whose block keys could not match the others' is refused, with the reason,
 * rather than silently never getting a cache hit.
 */
export class InstanceRegistry {
  private readonly instances = new Map<InstanceId, InstanceState>();
  private reference: InstanceFacts | undefined;
  readonly prefixes: DevicePrefixIndex;

  constructor(capacityBlocksPerInstance = 65536) {
    this.prefixes = new DevicePrefixIndex(capacityBlocksPerInstance);
  }

  add(id: InstanceId, role: InstanceRole): void {
    if (!this.instances.has(id)) this.instances.set(id, { id, role, health: 'unknown', facts: undefined, reason: undefined, inFlightRequests: 0, inFlightTokens: 0 });
  }

  /** A successful probe. Returns the reason if the instance was refused as incompatible. */
  observe(id: InstanceId, facts: InstanceFacts): string | undefined {
    const state = this.instances.get(id);
    if (!state) return undefined;
    this.reference ??= facts;
    const reason = incompatibility(this.reference, facts);
    state.facts = facts;
    state.health = reason ? 'incompatible' : 'up';
    state.reason = reason;
    return reason;
  }

  /** A failed probe or a call that found the instance unreachable: no new requests until a probe succeeds. */
  markDown(id: InstanceId, reason: string): void {
    const state = this.instances.get(id);
    if (!state || state.health === 'down') return;
    state.health = 'down';
    state.reason = reason;
    this.prefixes.forget(id);
  }

  begin(id: InstanceId, tokens: number): void {
    const state = this.instances.get(id);
    if (!state) return;
    state.inFlightRequests++;
    state.inFlightTokens += tokens;
  }

  end(id: InstanceId, tokens: number): void {
    const state = this.instances.get(id);
    if (!state) return;
    state.inFlightRequests--;
    state.inFlightTokens -= tokens;
  }

  reportBlocks(id: InstanceId, keys: readonly BlockKey[]): void {
    this.prefixes.report(id, keys);
  }

  /** The facts every routable instance shares: the model the cluster serves. */
  clusterFacts(): InstanceFacts | undefined {
    return this.reference;
  }

  snapshot(role: InstanceRole): InstanceSnapshot[] {
    return [...this.instances.values()]
      .filter((s) => s.role === role)
      .map((s) => ({ id: s.id, role: s.role, routable: s.health === 'up' && !s.facts?.draining, inFlightRequests: s.inFlightRequests, inFlightTokens: s.inFlightTokens }));
  }

  states(): readonly InstanceState[] {
    return [...this.instances.values()];
  }
}
