import { runChildMain, serveChildRpc } from '@tsukimi/engine-llamacpp';
import type { Token } from 'node-llama-cpp';
import { childArgsOrExit } from '../lib/bench-main';
import { LOCAL_LLAMACPP_ARGS } from './local-llamacpp.args';
import { type LocalLlamaCppSettings } from './local-llamacpp.settings';
import { type LocalTtft, type LocalTtftRequest } from './local-llamacpp.protocol';

/**
 * Child process: llama.cpp alone, as one process serving one request, for the TTFT baseline.
 * Usage: node -r tools/runtime/register.js local-llamacpp.child.ts --model-path FILE ... (`--help`). Each request
 * (over ChildRpc) is a prompt; the answer is the time to tokenize it and evaluate it into a
 * cleared sequence up to the first (greedy) token, measured in this process.
 */
async function main(): Promise<void> {
  const settings: LocalLlamaCppSettings = childArgsOrExit(LOCAL_LLAMACPP_ARGS, process.argv.slice(2));
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: settings.modelPath });
  const kvType = settings.kvDtype === 'f32' ? 'F32' : 'F16';
  const context = await model.createContext({
    contextSize: settings.contextTokens,
    batchSize: settings.batchTokens,
    sequences: 1,
    threads: settings.threads,
    flashAttention: settings.flashAttention,
    experimentalKvCacheKeyType: kvType,
    experimentalKvCacheValueType: kvType,
  });
  const sequence = context.getSequence();
  const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;

  const answer = async ({ prompt }: LocalTtftRequest): Promise<LocalTtft> => {
    await sequence.clearHistory();
    const start = performance.now();
    const text = model.tokenize(prompt, false);
    const tokens: Token[] = bos === null ? text : [bos, ...text];
    const last = tokens.length - 1;
    const results = await sequence.controlledEvaluate(tokens.map((token, i) => (i === last ? [token, { generateNext: { token: true, options: { temperature: 0 } } }] : token)));
    const ttftMs = performance.now() - start;
    const firstToken = results[last]?.next.token;
    if (firstToken === undefined || firstToken === null) throw new Error('llama.cpp generated no first token');
    return { ttftMs, promptTokens: tokens.length, firstToken, firstText: model.detokenize([firstToken]) };
  };

  await serveChildRpc(answer);
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}

runChildMain('local llama.cpp', main);
