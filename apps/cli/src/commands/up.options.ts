import { DISAGGREGATION_MODES } from '@tsukimi/conductor';
import { defineSchema, field } from '@tsukimi/config';
import { UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';
import { CLUSTER_DEFAULTS, compileClusterOptions, type CompiledClusterOptions } from '../cluster/cluster.options';

const d = CLUSTER_DEFAULTS;
export const upSchema = defineSchema({
  prefill: field.int({ min: 0, default: d.prefill, description: 'Prefill instances to start (0: decode instances run every request whole; not with --disaggregation always)' }),
  decode: field.int({ min: 1, default: d.decode, description: 'Decode instances to start' }),
  kvpool: field.int({ min: 1, default: d.kvpool, description: 'KV pool nodes to start (1: one process holding master and node; N > 1: a master and N storage nodes)' }),
  port: field.int({ min: 0, max: 65535, default: d.port, description: 'The OpenAI API\'s port (0: any free port)' }),
  host: field.string({ nonEmpty: true, default: d.host, description: 'Interface the OpenAI API listens on; internal services stay on loopback' }),
  engine: field.string({
    nonEmpty: true,
    default: d.engine,
    description: 'Inference engine of the instances: reference (the TypeScript transformer), llamacpp (llama.cpp, one thread per instance) or simulated (no math: timed by a cost model, for clusters of many instances)',
  }),
  simulatedModel: field.string({ optional: true, description: 'Simulated engine: llama2-70b, llama3-70b (default) or a JSON model sheet' }),
  simulatedHardware: field.string({ optional: true, description: 'Simulated engine: the node each instance is timed as, 8xa800 (default), 8xh800 or a JSON node sheet' }),
  simulatedTimeScale: field.number({ min: 0, optional: true, description: 'Simulated engine: wall time per simulated time (default 1)' }),
  simulatedProfile: field.string({ optional: true, description: 'Simulated engine: a JSON engine profile (as the conductor\'s --engine-profile) whose prefill and decode-step times the instances take instead of the hardware\'s cost model' }),
  instancesPerProcess: field.int({ min: 1, default: d.instancesPerProcess, description: 'Simulated engine: prefill (or decode) instances one process hosts, each still with its own ports, engine, pool client and metrics (1: a process per instance); 64 + 64 instances fit a laptop at 16' }),
  disaggregation: field.enum({ values: DISAGGREGATION_MODES, optional: true, description: 'Whether a prefill instance computes each prompt: always, never (the decode instance runs the whole request) or auto (by cost, per request; the conductor\'s default)' }),
  lora: field.list({ default: [], description: 'LoRA adapters every instance loads, as name=path,… (llama.cpp engine); requests name one as <model>:<name>' }),
  model: field.string({ optional: true, description: 'GGUF model file; default: the tiny model, generated into the cache on first run' }),
  logDir: field.string({ optional: true, description: 'Directory for the services\' log files; default: a fresh one under the OS temp dir' }),
  restart: field.boolean({ default: d.restart, description: 'Once the cluster is up, restart a service that dies, on its ports, with backoff (0.5 s doubling to 30 s), while the others keep serving; false: stop the whole cluster' }),
  serviceToken: field.boolean({ default: true, description: 'Give the services a fresh shared token (a file in the log directory) that they demand of each other and of /metrics scrapes; false: they trust every peer' }),
  readyTimeoutMs: field.duration({ min: 1, default: d.readyTimeoutMs, description: 'How long every service may take to report ready' }),
});

export type UpArgs = { readonly kind: 'help'; readonly text: string } | { readonly kind: 'run'; readonly options: CompiledClusterOptions };

/** `tsukimi up` flags to cluster options; anything the launcher cannot do is a UsageError. */
export function parseUpArgs(argv: readonly string[], env: NodeJS.ProcessEnv): UpArgs {
  const parsed = commandConfig(upSchema, argv, 'tsukimi up', env);
  if (parsed.kind === 'help') return parsed;
  const { model, simulatedModel, simulatedHardware, simulatedTimeScale, simulatedProfile, ...rest } = parsed.config;
  const simulated = { model: simulatedModel, hardware: simulatedHardware, timeScale: simulatedTimeScale, profile: simulatedProfile };
  const compiled = compileClusterOptions({ ...rest, modelPath: model, simulated });
  if (!compiled.ok) throw new UsageError(compiled.error);
  return { kind: 'run', options: compiled.value };
}
