import { formatByteSize } from '@tsukimi/config';
import { type CompiledClusterOptions } from './cluster.options';

export type ServiceRole = 'kvpool' | 'prefill' | 'decode' | 'conductor';

/** One service to start: its name in progress lines and log files, its entry and flags. */
export interface ServiceSpec {
  readonly name: string;
  readonly role: ServiceRole;
  /** The service's `main.ts`, relative to the repository root. */
  readonly entry: string;
  readonly args: readonly string[];
  /**
   * The instances one process hosts, each reporting `service started` and readiness under its
   * own id and ports; absent for a process that is one service.
   */
  readonly instanceIds?: readonly string[];
}

/** Internal services never listen beyond this machine; only the conductor takes `--host`. */
export const LOOPBACK = '127.0.0.1';

/** Drain time each service gets on SIGTERM: a local cluster should stop promptly on Ctrl-C. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

const entryOf = (role: ServiceRole) => `apps/${role}/src/main.ts`;

/** Ports are 0 throughout: each service binds a free one and reports it in `service started`. */
const common = (options: Pick<CompiledClusterOptions, 'serviceTokenFile'>, host: string, httpPort = 0) => [
  '--host', host,
  '--http-port', String(httpPort),
  '--grpc-port', '0',
  '--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT_MS),
  ...(options.serviceTokenFile === undefined ? [] : ['--service-token-file', options.serviceTokenFile]),
];

/**
 * The pool comes first: prefill and decode instances need its address. One node is one process
 * holding the master and the node; more start a master here and the nodes after it
 * (`kvpoolNodeSpecs`), each with its own DRAM budget.
 */
export function kvpoolSpecs(options: CompiledClusterOptions): ServiceSpec[] {
  if (options.kvpool === 1) {
    return [{ name: 'kvpool-0', role: 'kvpool', entry: entryOf('kvpool'), args: [...common(options, LOOPBACK), '--data-port', '0', '--dram-bytes', formatByteSize(options.kvpoolDramBytes)] }];
  }
  return [{ name: 'kvpool-master', role: 'kvpool', entry: entryOf('kvpool'), args: [...common(options, LOOPBACK), '--role', 'master'] }];
}

/** Storage nodes joining the master at `masterAddress`; none for a one-process pool. */
export function kvpoolNodeSpecs(options: CompiledClusterOptions, masterAddress: string): ServiceSpec[] {
  if (options.kvpool === 1) return [];
  return Array.from({ length: options.kvpool }, (_, i) => ({
    name: `kvpool-${i}`,
    role: 'kvpool' as const,
    entry: entryOf('kvpool'),
    args: [
      ...common(options, LOOPBACK),
      '--role', 'node',
      '--node-id', `kvpool-${i}`,
      '--master-address', masterAddress,
      '--data-port', '0',
      '--dram-bytes', formatByteSize(options.kvpoolDramBytes),
    ],
  }));
}

/** Every instance shares the machine's cores with the others: llama.cpp gets one thread each. */
function engineArgs(options: CompiledClusterOptions): string[] {
  if (options.engine === 'simulated') {
    const { model, hardware, timeScale, profile } = options.simulated;
    return [
      ...(model ? ['--simulated-model', model] : []),
      ...(hardware ? ['--simulated-hardware', hardware] : []),
      ...(timeScale !== undefined ? ['--simulated-time-scale', String(timeScale)] : []),
      ...(profile ? ['--simulated-profile', profile] : []),
    ];
  }
  if (options.engine !== 'llamacpp') return [];
  return ['--threads', '1', ...(options.lora.length > 0 ? ['--lora', options.lora.join(',')] : [])];
}

/**
 * Prefill and decode instances, given the pool's gRPC address (`host:port`): a process each, or
 * with `instancesPerProcess` above 1, processes `<role>-host-<k>` hosting that many instances
 * apiece (the last one the rest). Instance ids are `<role>-<i>` either way.
 */
export function instanceSpecs(options: CompiledClusterOptions, modelPath: string, kvpoolAddress: string): ServiceSpec[] {
  const perProcess = options.instancesPerProcess;
  const shared = [...common(options, LOOPBACK), '--engine', options.engine, ...engineArgs(options), '--model-path', modelPath, '--kvpool-address', kvpoolAddress];
  const instance = (role: 'prefill' | 'decode', i: number): ServiceSpec => ({ name: `${role}-${i}`, role, entry: entryOf(role), args: [...shared, '--instance-id', `${role}-${i}`] });
  const host = (role: 'prefill' | 'decode', k: number, count: number): ServiceSpec => {
    const instanceIds = Array.from({ length: Math.min(perProcess, count - k * perProcess) }, (_, i) => `${role}-${k * perProcess + i}`);
    return { name: `${role}-host-${k}`, role, entry: entryOf(role), args: [...shared, '--instance-ids', instanceIds.join(',')], instanceIds };
  };
  const specs = (role: 'prefill' | 'decode', count: number) =>
    perProcess === 1
      ? Array.from({ length: count }, (_, i) => instance(role, i))
      : Array.from({ length: Math.ceil(count / perProcess) }, (_, k) => host(role, k, count));
  return [...specs('prefill', options.prefill), ...specs('decode', options.decode)];
}

/** The conductor last, pointed at every instance's gRPC address and at the pool, whose block index it follows. */
export function conductorSpec(options: CompiledClusterOptions, prefill: readonly string[], decode: readonly string[], kvpoolAddress: string): ServiceSpec {
  return {
    name: 'conductor',
    role: 'conductor',
    entry: entryOf('conductor'),
    args: [
      ...common(options, options.host, options.port),
      ...(prefill.length > 0 ? ['--prefill', prefill.join(',')] : []),
      '--decode',
      decode.join(','),
      '--kvpool-address',
      kvpoolAddress,
      ...(options.disaggregation ? ['--disaggregation', options.disaggregation] : []),
    ],
  };
}

/** Stop order: the front door first so no new work arrives, then the instances, the pool last. */
export function stopOrder<T extends { readonly spec: ServiceSpec }>(services: readonly T[]): T[][] {
  const roles: readonly (readonly ServiceRole[])[] = [['conductor'], ['prefill', 'decode'], ['kvpool']];
  return roles.map((group) => services.filter((s) => group.includes(s.spec.role))).filter((group) => group.length > 0);
}
