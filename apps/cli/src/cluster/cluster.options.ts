import { DISAGGREGATION_MODES, type DisaggregationMode } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';

/** The engines a local cluster can run. */
export const CLUSTER_ENGINES = ['reference', 'llamacpp', 'simulated'] as const;
export type ClusterEngine = (typeof CLUSTER_ENGINES)[number];

/** What a caller may set; everything else takes the defaults of `compileClusterOptions`. */
export interface LocalClusterOptions {
  readonly prefill?: number;
  readonly decode?: number;
  readonly kvpool?: number;
  /** Interface the conductor listens on; internal services always use loopback. */
  readonly host?: string;
  /** The conductor's HTTP port; 0 takes any free one. */
  readonly port?: number;
  readonly engine?: string;
  /** LoRA adapters every instance loads, as `name=path` (llama.cpp engine only). */
  readonly lora?: readonly string[];
  /** GGUF model file; the cached tiny model (generated on first use) when absent. */
  readonly modelPath?: string;
  /** Where each service's log file goes; a fresh directory under the OS temp dir when absent. */
  readonly logDir?: string;
  readonly readyTimeoutMs?: number;
  /** After SIGTERM, how long a service may take to exit before it gets SIGKILL. */
  readonly stopTimeoutMs?: number;
  readonly kvpoolDramBytes?: number;
  /** The simulated engine's model, node and time scale, as its instances take them (`--simulated-*`). */
  readonly simulated?: SimulatedEngineFlags;
  /** The conductor's `--disaggregation`; its own default (auto) when absent. */
  readonly disaggregation?: DisaggregationMode;
  /** Simulated prefill (or decode) instances one process hosts; 1: a process per instance. */
  readonly instancesPerProcess?: number;
  /** Once the cluster is up, restart a service that dies (on its ports, with backoff); false: report it, and the caller stops the rest. */
  readonly restart?: boolean;
  /**
   * Write a fresh service token into the log directory and give it to every service, which then
   * demand it of each other and of `/metrics` scrapes; false: every service trusts every peer.
   */
  readonly serviceToken?: boolean;
}

export interface SimulatedEngineFlags {
  readonly model?: string;
  readonly hardware?: string;
  readonly timeScale?: number;
  /** An engine profile file whose times the instances take instead of the hardware's cost model. */
  readonly profile?: string;
}

export interface CompiledClusterOptions {
  readonly prefill: number;
  readonly decode: number;
  readonly kvpool: number;
  readonly host: string;
  readonly port: number;
  readonly engine: ClusterEngine;
  readonly lora: readonly string[];
  readonly modelPath: string | undefined;
  readonly logDir: string | undefined;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly kvpoolDramBytes: number;
  readonly simulated: SimulatedEngineFlags;
  readonly disaggregation: DisaggregationMode | undefined;
  readonly instancesPerProcess: number;
  readonly restart: boolean;
  readonly serviceToken: boolean;
  /** The token file every service is given (`--service-token-file`); set once it is written. */
  readonly serviceTokenFile?: string;
}

export const CLUSTER_DEFAULTS = {
  prefill: 2,
  decode: 2,
  kvpool: 1,
  host: '127.0.0.1',
  port: 8000,
  engine: 'reference',
  lora: [] as readonly string[],
  readyTimeoutMs: 60_000,
  stopTimeoutMs: 10_000,
  kvpoolDramBytes: 512 * 1024 ** 2,
  simulated: {} as SimulatedEngineFlags,
  instancesPerProcess: 1,
  restart: true,
  serviceToken: false,
} as const;

const isEngine = (name: string): name is ClusterEngine => (CLUSTER_ENGINES as readonly string[]).includes(name);

/** Fills in the defaults and checks what the launcher supports; the message names the option. */
export function compileClusterOptions(options: LocalClusterOptions): Result<CompiledClusterOptions, string> {
  const d = CLUSTER_DEFAULTS;
  const c = { ...d, ...withoutUndefined(options) };
  for (const key of ['prefill', 'decode', 'kvpool', 'instancesPerProcess'] as const) {
    // Without prefill instances the decode instances run every request whole (--disaggregation never or auto).
    const least = key === 'prefill' ? 0 : 1;
    if (!Number.isInteger(c[key]) || c[key] < least) return err(`--${kebab(key)} must be a whole number of at least ${least}, got ${c[key]}`);
  }
  if (c.prefill === 0 && options.disaggregation === 'always') return err('--prefill 0 cannot serve --disaggregation always: start a prefill instance, or use never or auto');
  if (c.kvpool > 16) return err(`--kvpool ${c.kvpool}: at most 16 pool nodes on one machine`);
  if (!isEngine(c.engine)) return err(`--engine ${c.engine}: unknown; available: ${CLUSTER_ENGINES.join(', ')}`);
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) return err(`--port must be 0..65535, got ${c.port}`);
  if (c.host === '') return err('--host must not be empty');
  if (c.instancesPerProcess > 1 && c.engine !== 'simulated') return err(`--instances-per-process ${c.instancesPerProcess} needs --engine simulated: a real engine wants a process of its own`);
  if (c.lora.length > 0 && c.engine !== 'llamacpp') return err('--lora needs --engine llamacpp');
  if (Object.values(withoutUndefined(c.simulated)).length > 0 && c.engine !== 'simulated') return err('--simulated-model, --simulated-hardware, --simulated-time-scale and --simulated-profile need --engine simulated');
  if (options.disaggregation !== undefined && !(DISAGGREGATION_MODES as readonly string[]).includes(options.disaggregation)) {
    return err(`--disaggregation ${options.disaggregation}: unknown; one of ${DISAGGREGATION_MODES.join(', ')}`);
  }
  return ok({ ...c, engine: c.engine, modelPath: options.modelPath, logDir: options.logDir, disaggregation: options.disaggregation });
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
