import { createInterface } from 'node:readline';
import type { Token } from 'node-llama-cpp';
import { type LocalLlamaCppSettings } from './local-llamacpp.settings';
import { type LocalTtftRequest, type LocalTtftResponse } from './local-llamacpp.protocol';

/**
 * Child process: llama.cpp alone, as one process serving one request, for the TTFT baseline.
 * Usage: node -r tools/runtime/register.js local-llamacpp.child.ts SETTINGS_JSON. Each request
 * line is a prompt; the answer is the time to tokenize it and evaluate it into a cleared
 * sequence up to the first (greedy) token, measured in this process.
 */
async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '') as LocalLlamaCppSettings;
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

  const answer = async ({ id, prompt }: LocalTtftRequest): Promise<LocalTtftResponse> => {
    await sequence.clearHistory();
    const start = performance.now();
    const text = model.tokenize(prompt, false);
    const tokens: Token[] = bos === null ? text : [bos, ...text];
    const last = tokens.length - 1;
    const results = await sequence.controlledEvaluate(tokens.map((token, i) => (i === last ? [token, { generateNext: { token: true, options: { temperature: 0 } } }] : token)));
    const ttftMs = performance.now() - start;
    const firstToken = results[last]?.next.token;
    if (firstToken === undefined || firstToken === null) throw new Error('llama.cpp generated no first token');
    return { id, ttftMs, promptTokens: tokens.length, firstToken, firstText: model.detokenize([firstToken]) };
  };

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const request = JSON.parse(line) as LocalTtftRequest;
    try {
      process.stdout.write(`${JSON.stringify(await answer(request))}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ id: request.id, error: error instanceof Error ? error.message : String(error) })}\n`);
    }
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}

main().catch((error: unknown) => {
  process.stderr.write(`local llama.cpp failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
