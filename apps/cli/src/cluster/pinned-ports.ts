import { type ServiceSpec } from './cluster.plan';
import { type StartedPorts } from './service.supervisor';

const PORT_FLAGS = { '--http-port': 'httpPort', '--grpc-port': 'grpcPort', '--data-port': 'dataPort' } as const;

/**
 * The spec a dead service restarts from: the same flags with the ports it bound the first time,
 * since the conductor and the instances were given those addresses. Undefined for a process
 * hosting several instances: each binds free ports of its own, and a process cannot be told
 * several (the instances refuse fixed ports with `--instance-ids`).
 */
export function pinPorts(spec: ServiceSpec, started: readonly StartedPorts[]): ServiceSpec | undefined {
  if (spec.instanceIds !== undefined || started.length !== 1) return undefined;
  const ports = started[0]!;
  const args = [...spec.args];
  for (const [flag, key] of Object.entries(PORT_FLAGS)) {
    const at = args.indexOf(flag);
    const port = ports[key as (typeof PORT_FLAGS)[keyof typeof PORT_FLAGS]];
    if (at >= 0 && at + 1 < args.length && port !== undefined) args[at + 1] = String(port);
  }
  return { ...spec, args };
}
