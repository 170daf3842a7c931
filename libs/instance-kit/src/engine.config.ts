import { field } from '@tsukimi/config';
import { REFERENCE_ENGINE_DEFAULTS } from '@tsukimi/engine-reference';
import { SIMULATED_ENGINE_DEFAULTS } from './simulated-engine.loader';

/** Engine settings every prefill and decode instance takes; spread into the service's schema. */
export function engineSchema() {
  return {
    engine: field.enum({
      values: ['reference', 'llamacpp', 'simulated'],
      default: 'reference',
      description:
        'Which engine computes: the TypeScript reference transformer (Llama, F32/F16 GGUF), llama.cpp (any GGUF it loads, quantized included), or simulated (no math: real block keys and pool traffic, deterministic tokens, times from the cost model of --simulated-model on --simulated-hardware)',
    }),
    modelPath: field.string({ nonEmpty: true, description: 'GGUF model file' }),
    blockSizeTokens: field.int({ min: 1, max: 4096, default: REFERENCE_ENGINE_DEFAULTS.blockSizeTokens, description: 'Tokens per KV block; must match every other instance' }),
    arenaBlocks: field.int({ min: 1, default: REFERENCE_ENGINE_DEFAULTS.arenaBlocks, description: 'KV blocks the engine memory holds' }),
    prefillChunkTokens: field.int({ min: 1, max: 65536, default: REFERENCE_ENGINE_DEFAULTS.prefillChunkTokens, description: 'Tokens computed per forward pass (reference engine)' }),
    threads: field.int({ min: 0, max: 1024, default: 0, description: 'CPU threads of llama.cpp (0: every core)' }),
    contextTokens: field.int({ min: 1, default: 4096, description: 'Context of each llama.cpp sequence in tokens' }),
    batchTokens: field.int({ min: 1, default: 512, description: 'Tokens llama.cpp evaluates per batch' }),
    sequences: field.int({ min: 1, max: 256, default: 8, description: 'Sequences one llama.cpp context holds at once: requests this instance prefills or decodes together' }),
    kvDtype: field.enum({ values: ['f16', 'f32'], default: 'f16', description: 'llama.cpp KV cache element type; instances exchanging blocks must agree' }),
    flashAttention: field.boolean({ default: false, description: 'llama.cpp flash attention; it changes the KV layout, so instances exchanging blocks must agree' }),
    gpu: field.enum({ values: ['auto', 'cuda', 'vulkan', 'off'], default: 'off', description: 'llama.cpp GPU offload' }),
    lora: field.list({
      default: [],
      description: 'LoRA adapters llama.cpp loads onto the model, as name=path,…; a request names one as <model>:<name>, and its KV blocks are keyed apart from the base model\'s',
    }),
    simulatedModel: field.string({ default: SIMULATED_ENGINE_DEFAULTS.simulatedModel, description: 'Simulated engine: the model whose KV size and compute it takes, llama2-70b, llama3-70b or a JSON model sheet' }),
    simulatedHardware: field.string({ default: SIMULATED_ENGINE_DEFAULTS.simulatedHardware, description: 'Simulated engine: the node it is timed as, 8xa800, 8xh800 or a JSON node sheet' }),
    simulatedTimeScale: field.number({ min: 0, default: SIMULATED_ENGINE_DEFAULTS.simulatedTimeScale, description: 'Simulated engine: wall time per simulated time (0.01 runs a 2 s prefill in 20 ms)' }),
    simulatedProfile: field.string({ optional: true, description: 'Simulated engine: a JSON engine profile (as the conductor\'s --engine-profile) whose prefill and decode-step times it takes instead of --simulated-hardware\'s cost model, to stand in for the engine that measured it' }),
    engineTimingsCache: field.string({
      optional: true,
      description:
        'Directory where the engine\'s timings (measured at start for the conductor\'s cost models) are kept: a start on the same host, model and engine settings within a day reads them back instead of timing the engine again (absent or empty: time at every start)',
    }),
    instanceId: field.string({ optional: true, description: 'This instance\'s id in the cluster (default: <role>-<host>-<pid>)' }),
    instanceIds: field.list({
      default: [],
      description: 'Simulated engine: host one instance per id in this process, each with its own engine, pool client, metrics and ports (--http-port and --grpc-port must then be 0); instead of --instance-id',
    }),
  } as const;
}
