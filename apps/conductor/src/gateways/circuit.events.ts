import { type CircuitEvents, type CircuitState, type InstanceRegistry } from '@tsukimi/conductor';
import { type Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

/** The gauge's value per state: higher is further from routable. */
const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Constant log messages, one per state entered. */
const ENTERED: Record<CircuitState, string> = { closed: 'instance circuit closed', 'half-open': 'instance circuit half-open', open: 'instance circuit opened' };

/**
 * Each move of an instance's circuit in tsukimi_conductor_circuit_transitions_total and logged
 * with its reason. Metrics and the logger exist only once Nest has built them, after the
 * registry: `services` says what there is by then.
 */
export function circuitEvents(services: () => { readonly metrics?: Metrics; readonly logger?: Logger }): CircuitEvents {
  return {
    transitioned: (instance, role, { from, to, reason }) => {
      const { metrics, logger } = services();
      metrics?.get('tsukimi_conductor_circuit_transitions_total').inc({ instance, role, outcome: to, reason });
      const fields = { instance, role, from, reason };
      if (to === 'open') logger?.warn(ENTERED[to], fields);
      else logger?.info(ENTERED[to], fields);
    },
  };
}

/** Every present instance's circuit in tsukimi_conductor_instance_circuit_state, as each scrape finds it. */
export function sampleCircuitStates(metrics: Metrics, registry: InstanceRegistry): void {
  const gauge = metrics.get('tsukimi_conductor_instance_circuit_state');
  metrics.sampleOnScrape(() => {
    // Instances gone since the last scrape leave no series behind.
    gauge.reset();
    for (const s of registry.states()) gauge.set({ instance: s.id, role: s.role }, STATE_VALUE[registry.circuits.state(s.id)]);
  });
}
