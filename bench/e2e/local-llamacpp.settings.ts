import { loadConfig } from '@tsukimi/config';
import { prefillSchema } from '../../apps/prefill/src/prefill.config';
import { compileClusterOptions } from '../../apps/cli/src/cluster/cluster.options';
import { instanceSpecs } from '../../apps/cli/src/cluster/cluster.plan';

/** The llama.cpp context settings a TTFT baseline must share with the cluster's instances. */
export interface LocalLlamaCppSettings {
  readonly modelPath: string;
  readonly threads: number;
  /** Context of the one sequence, in tokens. */
  readonly contextTokens: number;
  readonly batchTokens: number;
  readonly kvDtype: 'f16' | 'f32';
  readonly flashAttention: boolean;
}

/**
 * What a prefill instance of `tsukimi up --engine llamacpp --model MODEL` runs llama.cpp with:
 * the instance's own arguments from the cluster plan, read through the instance's own config
 * schema (flags, then `env`, then defaults), so the baseline follows any change to either.
 */
export function llamaCppInstanceSettings(modelPath: string, env: NodeJS.ProcessEnv): LocalLlamaCppSettings {
  const cluster = compileClusterOptions({ engine: 'llamacpp', modelPath, prefill: 1, decode: 1 });
  if (!cluster.ok) throw new Error(`cluster options: ${cluster.error}`);
  const prefill = instanceSpecs(cluster.value, modelPath, '127.0.0.1:1').find((spec) => spec.role === 'prefill');
  if (!prefill) throw new Error('the cluster plan has no prefill instance');
  const config = loadConfig(prefillSchema, { argv: prefill.args, env, prefix: 'TSUKIMI_PREFILL' });
  if (!config.ok) throw new Error(`prefill instance config: ${config.error.map((e) => `${e.key}: ${e.problem}`).join('; ')}`);
  const c = config.value;
  if (c.engine !== 'llamacpp' || c.gpu !== 'off') throw new Error(`the instances would run engine ${c.engine} with gpu ${c.gpu}; the baseline is CPU llama.cpp`);
  return { modelPath: c.modelPath, threads: c.threads, contextTokens: c.contextTokens, batchTokens: c.batchTokens, kvDtype: c.kvDtype, flashAttention: c.flashAttention };
}
