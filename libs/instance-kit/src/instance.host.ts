import { err, ok, type Result } from '@tsukimi/result';
import { type BootstrapOptions, createServiceLogger, exitOnSignals, type RunningService, type ShutdownReport } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type InstanceRole } from '@tsukimi/scheduler';
import { resolveInstanceId } from './instance-id';

/** The keys of an instance's configuration that decide how many instances its process hosts. */
export interface HostSettings {
  readonly engine: string;
  readonly instanceId?: string | undefined;
  readonly instanceIds: readonly string[];
  readonly httpPort: number;
  readonly grpcPort: number;
}

/**
 * The ids of the instances this process hosts: the one of `--instance-id` (or the default),
 * or each of `--instance-ids`. Only simulated instances share a process: a real engine wants
 * the machine's cores and memory to itself. The error names the flag.
 */
export function hostedInstanceIds(role: InstanceRole, settings: HostSettings): Result<readonly string[], string> {
  const ids = settings.instanceIds;
  if (ids.length === 0) return ok([resolveInstanceId(role, settings.instanceId)]);
  if (settings.engine !== 'simulated') return err(`--instance-ids needs --engine simulated, got --engine ${settings.engine}`);
  if (settings.instanceId !== undefined) return err('--instance-ids and --instance-id exclude each other');
  if (new Set(ids).size !== ids.length) return err(`--instance-ids must not repeat an id, got ${ids.join(',')}`);
  if (ids.length > 1 && (settings.httpPort !== 0 || settings.grpcPort !== 0)) {
    return err('--instance-ids with several ids needs --http-port 0 and --grpc-port 0: each instance binds free ports of its own');
  }
  return ok(ids);
}

/**
 * Starts one instance per id, one after another, then leaves them serving. SIGTERM or SIGINT
 * drains every instance together and exits once all have stopped (0, or 1 if a drain failed),
 * so the process handles signals once for all of them: `start` must bootstrap its service with
 * `handleSignals: false`. A signal during the start stops those already serving and starts no more.
 */
export async function hostInstances(ids: readonly string[], start: (instanceId: string) => Promise<RunningService>, logger: Logger): Promise<void> {
  const running: RunningService[] = [];
  let stopping = false;
  const closeAll = async (reason: string): Promise<ShutdownReport> => {
    stopping = true;
    const reports = await Promise.all(running.map((service) => service.close(reason)));
    return { reason, drainMs: Math.max(0, ...reports.map((r) => r.drainMs)), timedOut: reports.some((r) => r.timedOut) };
  };
  exitOnSignals(closeAll, logger);
  for (const id of ids) {
    if (stopping) return;
    running.push(await start(id));
  }
}

/**
 * `hostInstances` for a `main.ts`: the ids from the configuration, each instance's logger
 * carrying its `instanceId`; a configuration that cannot be hosted logs `service failed to
 * start` with the reason and exits 1.
 */
export async function hostInstancesOrExit(
  role: InstanceRole,
  config: HostSettings & BootstrapOptions['config'],
  start: (instanceId: string, logger: Logger) => Promise<RunningService>,
): Promise<void> {
  const logger = createServiceLogger({ service: role, config });
  const ids = hostedInstanceIds(role, config);
  if (!ids.ok) {
    logger.error('service failed to start', { reason: ids.error });
    process.exit(1);
  }
  await hostInstances(ids.value, (instanceId) => start(instanceId, logger.child({ instanceId })), logger);
}
