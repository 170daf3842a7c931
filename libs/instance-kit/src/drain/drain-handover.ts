import { field } from '@tsukimi/config';
import { type Engine } from '@tsukimi/engine';
import { type DeviceBlockHeat, handOverDeviceBlocks, type KvPoolClient } from '@tsukimi/serving';
import { type HandedOver, type Metrics } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { type InstanceRole } from '@tsukimi/scheduler';

/** The `--drain-handover-ms` flag, the same for every instance role. */
export function drainHandoverSchema() {
  return {
    drainHandoverMs: field.duration({ min: 0, default: 10_000, description: 'On shutdown, once in-flight requests have finished, how long to spend handing the blocks this engine holds and the pool lacks to the pool, hottest first (0: none). The termination grace period must cover it beyond --shutdown-timeout-ms' }),
  };
}

export interface DrainHandoverParts {
  readonly role: InstanceRole;
  readonly engine: Engine;
  readonly pool: KvPoolClient;
  readonly heat: DeviceBlockHeat;
  readonly clock: Clock;
  readonly budgetMs: number;
  readonly logger: Logger;
  /** The service's metrics once it has them (the handover runs at shutdown, long after). */
  readonly metrics: () => Metrics | undefined;
}

/**
 * The drain's handover: run once requests have drained (a signal or `POST /admin/drain`), before
 * the pool client closes, so the engine's hot blocks outlive the instance in the pool; counted by
 * role and logged, and returned for the drain's report. A zero budget hands nothing over.
 */
export async function handOverOnDrain(parts: DrainHandoverParts): Promise<HandedOver> {
  if (parts.budgetMs === 0) return { handedBlocks: 0, handedBytes: 0 };
  const report = await handOverDeviceBlocks(parts.engine, parts.pool, parts.heat, parts.clock, { budgetMs: parts.budgetMs });
  parts.metrics()?.get('tsukimi_instance_drain_blocks_handed_total').inc({ role: parts.role }, report.handedBlocks);
  parts.metrics()?.get('tsukimi_instance_drain_bytes_handed_total').inc({ role: parts.role }, report.handedBytes);
  parts.logger.info('engine blocks handed to the pool', { ...report, budgetMs: parts.budgetMs });
  return { ...report };
}

/**
 * A drain's handover in two passes: `beforeDrain` copies the engine's blocks the pool lacks while
 * the instance still serves, so that the instances taking its traffic find them in the pool from
 * the moment it stops taking work; `onDrained` hands over what came since, once in-flight work is
 * done, and reports both passes summed. Each pass has the whole budget.
 */
export function twoPassHandover(parts: DrainHandoverParts): { beforeDrain: () => Promise<void>; onDrained: () => Promise<HandedOver> } {
  let first: HandedOver = {};
  return {
    beforeDrain: async () => {
      first = await handOverOnDrain(parts);
    },
    onDrained: async () => {
      const second = await handOverOnDrain(parts);
      const summed: Record<string, number | boolean> = { ...second };
      for (const [key, value] of Object.entries(first)) {
        const later = summed[key];
        summed[key] = typeof value === 'number' && typeof later === 'number' ? value + later : (later ?? value);
      }
      return summed;
    },
  };
}
