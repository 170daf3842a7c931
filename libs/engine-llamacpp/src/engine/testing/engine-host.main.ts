import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argmax, type SequenceId } from '@tsukimi/engine';
import { type BlockDigest, type BlockKey } from '@tsukimi/kv-block';
import { expectOk, type Result } from '@tsukimi/result';
import type { Llama, LlamaModel, Token } from 'node-llama-cpp';
import { byOp, type OpHandlers, runChildMain, serveChildRpc } from '../../child/child-rpc.server';
import { LlamaCppEngine } from '../llamacpp.engine';
import { type GreedyOutcome, type HostRequest, type PlainContextConfig } from './engine-host.protocol';

/**
 * Child process for tests: LlamaCppEngine instances (and plain llama.cpp contexts to compare
 * them with) answering requests over ChildRpc, since node-llama-cpp cannot load under jest.
 * Usage: node -r tools/runtime/register.js engine-host.main.ts
 */
const engines = new Map<string, LlamaCppEngine>();

function engine(name: string): LlamaCppEngine {
  const found = engines.get(name);
  if (!found) throw new Error(`no engine ${name}`);
  return found;
}

/** Errors the engine returns as values travel back as values too, so tests can assert on them. */
function settle<T>(result: Result<T, unknown>): { ok: true; value: T } | { ok: false; error: unknown } {
  return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
}

async function greedy(
  target: LlamaCppEngine,
  prompts: readonly (readonly number[])[],
  steps: number,
  tenantSalt?: string,
  adapters?: readonly (string | null)[],
): Promise<GreedyOutcome> {
  const sequences = prompts.map((_, i) => target.openSequence(tenantSalt, adapters?.[i] ?? undefined));
  const prefills = await Promise.all(prompts.map(async (prompt, i) => expectOk(await target.prefill(sequences[i]!, prompt), 'prefill')));
  const tokens = prefills.map((p) => [argmax(p.logits[0]!)]);
  for (let step = 1; step < steps; step++) {
    const logits = expectOk(await target.decode(sequences.map((sequence, i) => ({ sequence, token: tokens[i]![step - 1]! }))), 'decode');
    logits.forEach((l, i) => tokens[i]!.push(argmax(l)));
  }
  for (const sequence of sequences) target.closeSequence(sequence);
  return { tokens, reusedTokens: prefills.map((p) => p.reusedTokens), computedTokens: prefills.map((p) => p.computedTokens) };
}

/** One llama.cpp backend and each model loaded once for the plain contexts: starting them takes about a second. */
let plainLlama: Promise<Llama> | undefined;
const plainModels = new Map<string, Promise<LlamaModel>>();

async function plainContext(config: PlainContextConfig) {
  plainLlama ??= import('node-llama-cpp').then(({ getLlama, LlamaLogLevel }) => getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error }));
  const llama = await plainLlama;
  let loading = plainModels.get(config.modelPath);
  if (!loading) {
    loading = llama.loadModel({ modelPath: config.modelPath });
    plainModels.set(config.modelPath, loading);
  }
  const model = await loading;
  const kvType = config.kvDtype === 'f32' ? 'F32' : 'F16';
  const context = await model.createContext({
    contextSize: config.contextTokens,
    batchSize: 512,
    threads: 1,
    flashAttention: config.flashAttention,
    experimentalKvCacheKeyType: kvType,
    experimentalKvCacheValueType: kvType,
    ...(config.lora ? { lora: { adapters: [{ filePath: config.lora.path, scale: config.lora.scale ?? 1 }] } } : {}),
  });
  return { context, sequence: context.getSequence() };
}

const handlers: OpHandlers<HostRequest> = {
  async load({ engine: name, options }) {
    const loaded = await LlamaCppEngine.load({ threads: 1, gpu: 'off', ...options });
    if (loaded.ok) engines.set(name, loaded.value);
    return loaded.ok ? { ok: true, value: loaded.value.info } : { ok: false, error: loaded.error };
  },
  async dispose({ engine: name }) {
    await engine(name).dispose();
    engines.delete(name);
  },
  async open({ engine: name, tenantSalt, adapter }) {
    return engine(name).openSequence(tenantSalt, adapter);
  },
  async close({ engine: name, sequence }) {
    engine(name).closeSequence(sequence as SequenceId);
  },
  async prefill({ engine: name, sequence, tokens, logits }) {
    const result = await engine(name).prefill(sequence as SequenceId, tokens, { logits });
    if (!result.ok) return settle(result);
    // Tests export right after a prefill: wait until its blocks are sealed, as a prefill instance's store does.
    await result.value.sealed;
    const { reusedTokens, computedTokens } = result.value;
    return { ok: true, value: { argmax: result.value.logits.map((l) => argmax(l)), reusedTokens, computedTokens } };
  },
  async decode({ engine: name, entries }) {
    const result = await engine(name).decode(entries.map((e) => ({ sequence: e.sequence as SequenceId, token: e.token })));
    return result.ok ? { ok: true, value: result.value.map((l) => argmax(l)) } : settle(result);
  },
  async greedy({ engine: name, prompts, steps, tenantSalt, adapters }) {
    return greedy(engine(name), prompts, steps, tenantSalt, adapters);
  },
  async blockKeys({ engine: name, tokens, tenantSalt, adapter }) {
    return engine(name).blockKeys(tokens, tenantSalt, adapter);
  },
  async cachedPrefixBlocks({ engine: name, keys }) {
    return engine(name).cachedPrefixBlocks(keys as BlockKey[]);
  },
  async export({ engine: name, key, digest }) {
    const result = engine(name).exportBlock(key as BlockKey, digest as BlockDigest | undefined);
    return result.ok ? { ok: true, value: Buffer.from(result.value).toString('base64') } : settle(result);
  },
  async import({ engine: name, key, bytes, digest }) {
    return settle(engine(name).importBlock(new Uint8Array(Buffer.from(bytes, 'base64')), key as BlockKey, digest as BlockDigest | undefined));
  },
  async stats({ engine: name }) {
    return engine(name).arenaStats();
  },
  async contextStats({ engine: name }) {
    return engine(name).contextStats();
  },
  async plainGreedy({ config, tokens, steps }) {
    const plain = await plainContext(config);
    try {
      const out: number[] = [];
      let input = tokens as Token[];
      while (out.length < steps) {
        const last = input.length - 1;
        const results = await plain.sequence.controlledEvaluate(input.map((t, i) => (i === last ? [t, { generateNext: { token: true, options: { temperature: 0 } } }] : t)));
        const next = results[last]?.next.token;
        if (next === undefined || next === null) break;
        out.push(next);
        input = [next];
      }
      return out;
    } finally {
      await plain.context.dispose();
    }
  },
  async plainState({ config, tokens }) {
    const plain = await plainContext(config);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'tsukimi-state-')), 'sequence.state');
    try {
      await plain.sequence.evaluateWithoutGeneratingNewTokens(tokens as Token[]);
      await plain.sequence.saveStateToFile(file);
      return (await fs.readFile(file)).toString('base64');
    } finally {
      await fs.rm(path.dirname(file), { recursive: true, force: true });
      await plain.context.dispose();
    }
  },
};

async function main(): Promise<void> {
  await serveChildRpc(byOp(handlers));
  for (const loaded of engines.values()) await loaded.dispose();
  if (plainLlama) await (await plainLlama).dispose();
}

runChildMain('engine host', main);
