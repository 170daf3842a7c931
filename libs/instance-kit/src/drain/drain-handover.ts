import { field } from '@tsukimi/config';
import { type Engine } from '@tsukimi/engine';
import { type DeviceBlockHeat, handOverDeviceBlocks, type KvPoolClient } from '@tsukimi/serving';
import { type Metrics } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { type InstanceRole } from '../metrics/instance-load.metrics';

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
 * The drain's handover: run once requests have drained, before the pool client closes, so the
 * engine's hot blocks outlive the instance in the pool; counted by role and logged. A zero budget
 * hands nothing over.
 */
export async function handOverOnDrain(parts: DrainHandoverParts): Promise<void> {
  if (parts.budgetMs === 0) return;
  const report = await handOverDeviceBlocks(parts.engine, parts.pool, parts.heat, parts.clock, { budgetMs: parts.budgetMs });
  parts.metrics()?.get('tsukimi_instance_drain_blocks_handed_total').inc({ role: parts.role }, report.handedBlocks);
  parts.metrics()?.get('tsukimi_instance_drain_bytes_handed_total').inc({ role: parts.role }, report.handedBytes);
  parts.logger.info('engine blocks handed to the pool', { ...report, budgetMs: parts.budgetMs });
}
