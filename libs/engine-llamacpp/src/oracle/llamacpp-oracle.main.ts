import type { Token } from 'node-llama-cpp';
import { byOp, type OpHandlers, runChildMain, serveChildRpc } from '../child/child-rpc.server';
import { type OracleRequest } from './oracle.protocol';

/**
 * Child process: loads a GGUF in llama.cpp (with a LoRA adapter applied, when given) and
 * answers oracle requests over ChildRpc; `load` puts another GGUF in its place.
 * Usage: node -r tools/runtime/register.js llamacpp-oracle.main.ts MODEL.gguf CONTEXT_TOKENS [LORA.gguf]
 */
async function main(): Promise<void> {
  const [modelPath, contextArg, loraPath] = process.argv.slice(2);
  if (!modelPath) throw new Error('usage: llamacpp-oracle.main.ts MODEL.gguf [CONTEXT_TOKENS] [LORA.gguf]');
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
  const open = async (path: string, contextSize: number, lora?: string) => {
    const model = await llama.loadModel({ modelPath: path });
    const context = await model.createContext({
      contextSize,
      batchSize: contextSize,
      threads: 1,
      flashAttention: false,
      experimentalKvCacheKeyType: 'F32',
      experimentalKvCacheValueType: 'F32',
      ...(lora ? { lora: { adapters: [{ filePath: lora }] } } : {}),
    });
    return { model, context, sequence: context.getSequence(), vocabSize: model.fileInfo.metadata.tokenizer.ggml.tokens.length };
  };
  const close = async ({ model, context }: Loaded): Promise<void> => {
    await context.dispose();
    await model.dispose();
  };
  type Loaded = Awaited<ReturnType<typeof open>>;
  let loaded: Loaded = await open(modelPath, Number(contextArg ?? 2048), loraPath);
  const fresh = async (): Promise<void> => loaded.sequence.clearHistory();

  const handlers: OpHandlers<OracleRequest> = {
    async probabilities({ tokens }) {
      await fresh();
      const { sequence, vocabSize } = loaded;
      const results = await sequence.controlledEvaluate(
        tokens.map((token) => [token as Token, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } }]),
      );
      return results.map((item) => {
        const dense = new Array<number>(vocabSize).fill(0);
        for (const [token, p] of item?.next.probabilities ?? []) dense[token] = p;
        return dense;
      });
    },
    async greedy({ tokens, maxTokens }) {
      await fresh();
      const { sequence } = loaded;
      const out: number[] = [];
      let input = tokens as Token[];
      while (out.length < maxTokens) {
        const results = await sequence.controlledEvaluate(input.map((token, i) => (i === input.length - 1 ? [token, { generateNext: { token: true, options: { temperature: 0 } } }] : token)));
        const next = results[results.length - 1]?.next.token;
        if (next === undefined || next === null) break;
        out.push(next);
        input = [next];
      }
      return out;
    },
    async tokenize({ text, special }) {
      return Array.from(loaded.model.tokenize(text, special ?? false));
    },
    async detokenize({ tokens, special }) {
      return loaded.model.detokenize(tokens as Token[], special ?? false);
    },
    async vocabulary() {
      const { model, vocabSize } = loaded;
      const endOfGeneration = Array.from({ length: vocabSize }, (_, t) => t).filter((t) => model.isEogToken(t as Token));
      const { bos, eos, eot, shouldPrependBosToken } = model.tokens;
      return { bos, eos, eot, addBos: shouldPrependBosToken, endOfGeneration };
    },
    async load({ modelPath: next, contextTokens }) {
      await close(loaded);
      loaded = await open(next, contextTokens);
      return null;
    },
    async time({ promptTokens, decodeTokens, repeats }) {
      const { sequence } = loaded;
      const prefill: number[] = [];
      const decode: number[] = [];
      for (let r = 0; r < repeats; r++) {
        await fresh();
        const start = performance.now();
        await sequence.evaluateWithoutGeneratingNewTokens(promptTokens as Token[]);
        prefill.push(performance.now() - start);
        let generated = 0;
        const decodeStart = performance.now();
        for await (const _token of sequence.evaluate([promptTokens[promptTokens.length - 1]! as Token], { temperature: 0 })) {
          if (++generated >= decodeTokens) break;
        }
        decode.push((performance.now() - decodeStart) / decodeTokens);
      }
      return { prefillMs: median(prefill), decodeMsPerToken: median(decode) };
    },
  };

  await serveChildRpc(byOp(handlers));
  await close(loaded);
  await llama.dispose();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

runChildMain('llama.cpp oracle', main);
