import { benchOption } from '../lib/bench-option';
import { type LocalLlamaCppSettings } from './local-llamacpp.settings';

/** The TTFT baseline child's command line: the llama.cpp context settings it shares with the cluster's instances. */
export const LOCAL_LLAMACPP_ARGS = {
  bench: 'e2e',
  command: 'local-llamacpp.child.ts',
  summary: 'The TTFT baseline: llama.cpp alone in one process, answering one prompt at a time over ChildRpc.',
  options: {
    modelPath: benchOption.string({ doc: 'GGUF model file', required: true }),
    threads: benchOption.whole({ doc: 'llama.cpp threads', required: true }),
    contextTokens: benchOption.whole({ doc: 'Context of the one sequence, in tokens', required: true }),
    batchTokens: benchOption.whole({ doc: 'llama.cpp batch size, in tokens', required: true }),
    kvDtype: benchOption.oneOf(['f16', 'f32'], { default: 'f16', doc: 'KV cache element type' }),
    flashAttention: benchOption.flag({ doc: 'Flash attention on' }),
  },
} as const;

/** The command line that hands `settings` to the child. */
export function localLlamaCppArgv(settings: LocalLlamaCppSettings): string[] {
  const { modelPath, threads, contextTokens, batchTokens, kvDtype, flashAttention } = settings;
  const argv = ['--model-path', modelPath, '--threads', String(threads), '--context-tokens', String(contextTokens), '--batch-tokens', String(batchTokens), '--kv-dtype', kvDtype];
  return flashAttention ? [...argv, '--flash-attention'] : argv;
}

