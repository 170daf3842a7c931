import { field } from '@tsukimi/config';
import { REFERENCE_ENGINE_DEFAULTS } from '@tsukimi/engine';

/** Engine settings every prefill and decode instance takes; spread into the service's schema. */
export function engineSchema() {
  return {
    modelPath: field.string({ nonEmpty: true, description: 'GGUF model file (Llama, F32 or F16) for the reference engine' }),
    blockSizeTokens: field.int({ min: 1, max: 4096, default: REFERENCE_ENGINE_DEFAULTS.blockSizeTokens, description: 'Tokens per KV block; must match every other instance' }),
    arenaBlocks: field.int({ min: 1, default: REFERENCE_ENGINE_DEFAULTS.arenaBlocks, description: 'KV blocks the engine memory holds' }),
    prefillChunkTokens: field.int({ min: 1, max: 65536, default: REFERENCE_ENGINE_DEFAULTS.prefillChunkTokens, description: 'Tokens computed per forward pass' }),
    instanceId: field.string({ optional: true, description: 'This instance\'s id in the cluster (default: <role>-<host>-<pid>)' }),
  } as const;
}
