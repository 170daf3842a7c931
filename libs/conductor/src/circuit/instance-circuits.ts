import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { CircuitBreaker } from './circuit.breaker';
import { type CallOutcome, type CircuitOptions, type CircuitState, type CircuitTransition } from './circuit.options';

/** Told of every move of an instance's circuit, for metrics and logs. */
export interface CircuitEvents {
  transitioned(instance: InstanceId, role: InstanceRole, transition: CircuitTransition): void;
}

/**
 * A circuit per instance. Routing asks `routable`; calls' outcomes come in through `record`;
 * the prober moves an open circuit past its cool-down to half-open and takes its trial itself
 * (`probeTrial`), so the trial of an instance still hung costs a probe, not a client's request.
 */
export class InstanceCircuits {
  private readonly circuits = new Map<InstanceId, { readonly role: InstanceRole; readonly breaker: CircuitBreaker }>();

  constructor(
    private readonly options: CircuitOptions,
    private readonly monotonicMs: () => number,
    private readonly events?: CircuitEvents,
  ) {}

  track(id: InstanceId, role: InstanceRole): void {
    if (this.circuits.has(id)) return;
    this.circuits.set(id, { role, breaker: new CircuitBreaker(this.options, this.monotonicMs) });
  }

  forget(id: InstanceId): void {
    this.circuits.delete(id);
  }

  state(id: InstanceId): CircuitState {
    return this.circuits.get(id)?.breaker.state ?? 'closed';
  }

  /** Whether a request may be sent to `id` now: its circuit is closed, or half-open with its trial not yet out. */
  routable(id: InstanceId): boolean {
    return this.circuits.get(id)?.breaker.passable ?? true;
  }

  /** How a call to `id` ended. */
  record(id: InstanceId, outcome: CallOutcome): void {
    const circuit = this.circuits.get(id);
    if (circuit) this.told(id, circuit.role, circuit.breaker.record(outcome));
  }

  /**
   * Before a probe of `id`: an open circuit past its cool-down turns half-open, and the probe
   * takes its trial. True when the probe is that trial: its outcome is to be recorded.
   */
  probeTrial(id: InstanceId): boolean {
    const circuit = this.circuits.get(id);
    if (!circuit) return false;
    this.told(id, circuit.role, circuit.breaker.advance());
    return circuit.breaker.state === 'half-open' && circuit.breaker.tryPass();
  }

  private told(id: InstanceId, role: InstanceRole, transition: CircuitTransition | undefined): void {
    if (transition) this.events?.transitioned(id, role, transition);
  }
}
