import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adapterModelKey, type EngineInfo } from '@tsukimi/engine';
import { blockHashOptions, blockKeys } from '@tsukimi/kv-block';
import { generateTinyLora, generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { EngineHost, type Settled } from './testing/engine-host.client';
import { type GreedyOutcome } from './testing/engine-host.protocol';

const BLOCK = 16;
const STEPS = 10;
const CONTEXT = 512;

function prompt(length: number, salt: number): number[] {
  return Array.from({ length }, (_, i) => (i * 131 + salt * 37 + 17) % 256);
}

describe('LlamaCppEngine with LoRA adapters (llama.cpp in a child process)', () => {
  let dir: string;
  let host: EngineHost;
  let modelPath: string;
  let loraA: string;
  let loraB: string;
  let engines = 0;
  /** Adapters `a` and `b` (two seeds), and `a-half`: a's file applied at scale 0.5. */
  let adapters: { name: string; path: string; scale?: number }[];
  let first: { name: string; info: EngineInfo };

  const load = async (options: Record<string, unknown> = {}): Promise<{ name: string; info: EngineInfo }> => {
    const name = `engine-${engines++}`;
    const loaded = await host.call<Settled<EngineInfo>>({
      op: 'load',
      engine: name,
      options: { modelPath, blockSizeTokens: BLOCK, contextTokens: CONTEXT, sequences: 3, adapters, ...options },
    });
    if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
    return { name, info: loaded.value };
  };
  const greedy = (engine: string, prompts: readonly number[][], adapterNames: readonly (string | null)[]) =>
    host.call<GreedyOutcome>({ op: 'greedy', engine, prompts, steps: STEPS, adapters: adapterNames });
  const plain = (adapter: string | null, tokens: readonly number[]) => {
    const lora = adapters.find((a) => a.name === adapter);
    return host.call<number[]>({
      op: 'plainGreedy',
      config: { modelPath, kvDtype: 'f16', flashAttention: false, contextTokens: CONTEXT, ...(lora ? { lora: { path: lora.path, scale: lora.scale } } : {}) },
      tokens,
      steps: STEPS,
    });
  };
  const keysOf = (engine: string, tokens: readonly number[], adapter?: string) => host.call<string[]>({ op: 'blockKeys', engine, tokens, adapter });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-llamacpp-lora-'));
    modelPath = path.join(dir, 'tiny.gguf');
    loraA = path.join(dir, 'lora-a.gguf');
    loraB = path.join(dir, 'lora-b.gguf');
    const base = generateTinyModel();
    fs.writeFileSync(modelPath, base);
    fs.writeFileSync(loraA, expectOk(generateTinyLora(base, { seed: 1 }), 'lora a'));
    fs.writeFileSync(loraB, expectOk(generateTinyLora(base, { seed: 2 }), 'lora b'));
    adapters = [
      { name: 'a', path: loraA },
      { name: 'b', path: loraB },
      { name: 'a-half', path: loraA, scale: 0.5 },
    ];
    host = EngineHost.start();
    first = await load();
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('describes each adapter by name and by an id over its file and scale, the same in every engine that loads it', async () => {
    const ids = first.info.adapters!.map((a) => a.id);
    expect(first.info.adapters!.map((a) => a.name)).toEqual(['a', 'b', 'a-half']);
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    const again = await load({ adapters: [adapters[1], adapters[0]] });
    expect(again.info.adapters).toEqual([first.info.adapters![1], first.info.adapters![0]]);
    expect((await load({ adapters: [] })).info.adapters).toEqual([]);
  });

  it.each([
    ['the base model', null, prompt(40, 1)],
    ['adapter a', 'a', prompt(40, 1)],
    ['adapter b', 'b', prompt(40, 1)],
    ['adapter a at scale 0.5', 'a-half', prompt(40, 1)],
    ['adapter b, a prompt of whole blocks', 'b', prompt(48, 2)],
  ])('greedy tokens of %s equal a plain llama.cpp context made with the same LoRA (none for the base), cold and from its own cached blocks', async (_name, adapter, tokens) => {
    const expected = await plain(adapter, tokens);
    const cold = await greedy(first.name, [tokens], [adapter]);
    expect(cold.tokens[0]).toEqual(expected);
    const cached = await greedy(first.name, [tokens], [adapter]);
    expect(cached.tokens[0]).toEqual(expected);
    expect(cached.reusedTokens[0]).toBeGreaterThan(0);
  });

  it('the adapters change what the model says: base, a, b and a at half scale each continue a prompt differently', async () => {
    const tokens = prompt(30, 3);
    const outputs = await Promise.all([null, 'a', 'b', 'a-half'].map((adapter) => plain(adapter, tokens)));
    expect(new Set(outputs.map((o) => o.join(','))).size).toBe(4);
  });

  it('block keys of one prompt differ between the base model and each adapter, and are the keys of adapterModelKey', async () => {
    const tokens = prompt(64, 4);
    const base = await keysOf(first.name, tokens);
    const perAdapter = await Promise.all(first.info.adapters!.map((a) => keysOf(first.name, tokens, a.name)));
    expect(new Set([base, ...perAdapter].flat()).size).toBe(4 * 4);
    first.info.adapters!.forEach((adapter, i) => {
      const expected = blockKeys(tokens, blockHashOptions({ modelId: adapterModelKey(first.info.modelId, adapter.id), tenantSalt: '', blockSizeTokens: BLOCK }));
      expect(perAdapter[i]).toEqual(expected);
    });
    expect(base).toEqual(blockKeys(tokens, blockHashOptions({ modelId: first.info.modelId, tenantSalt: '', blockSizeTokens: BLOCK })));
  });

  it('a prefix cached under adapter a is reused under a, and not under b, a at another scale, or the base model', async () => {
    const { name } = await load();
    const tokens = prompt(70, 5);
    const wholeBlocks = Math.floor(tokens.length / BLOCK) * BLOCK;
    const underA = await greedy(name, [tokens], ['a']);
    expect(underA).toMatchObject({ reusedTokens: [0], computedTokens: [tokens.length] });
    for (const other of ['b', 'a-half', null]) {
      const outcome = await greedy(name, [tokens], [other]);
      expect(outcome).toMatchObject({ reusedTokens: [0], computedTokens: [tokens.length] });
      expect(outcome.tokens[0]).toEqual(await plain(other, tokens));
    }
    const againA = await greedy(name, [tokens], ['a']);
    expect(againA).toMatchObject({ reusedTokens: [wholeBlocks], computedTokens: [tokens.length - wholeBlocks] });
    expect(againA.tokens[0]).toEqual(underA.tokens[0]);
  });

  it('blocks computed under an adapter move to another engine with that adapter and continue with unchanged tokens', async () => {
    const source = await load();
    const target = await load();
    const tokens = prompt(50, 6);
    await greedy(source.name, [tokens], ['b']);
    const keys = await keysOf(source.name, tokens, 'b');
    expect(keys).toEqual(await keysOf(target.name, tokens, 'b'));
    for (const key of keys) {
      const exported = await host.call<Settled<string>>({ op: 'export', engine: source.name, key });
      if (!exported.ok) throw new Error(`export failed: ${JSON.stringify(exported.error)}`);
      expect(await host.call({ op: 'import', engine: target.name, key, bytes: exported.value })).toMatchObject({ ok: true });
    }
    expect(await host.call({ op: 'cachedPrefixBlocks', engine: target.name, keys: await keysOf(target.name, tokens, 'a') })).toBe(0);
    const moved = await greedy(target.name, [tokens], ['b']);
    expect(moved.reusedTokens).toEqual([keys.length * BLOCK]);
    expect(moved.tokens[0]).toEqual(await plain('b', tokens));
  });

  it('sequences of the base model and of two adapters decoded in one step each produce the tokens they produce alone', async () => {
    const prompts = [prompt(9, 7), prompt(33, 8), prompt(21, 9), prompt(17, 10)];
    const names = [null, 'a', 'b', 'a'];
    const alone: number[][] = [];
    for (const [i, p] of prompts.entries()) alone.push((await greedy(first.name, [p], [names[i]!])).tokens[0]!);
    const together = await greedy(first.name, prompts, names);
    expect(together.tokens).toEqual(alone);
  });

  it('an adapter the engine has not loaded is a caller bug: opening a sequence with it throws', async () => {
    await expect(host.call({ op: 'open', engine: first.name, adapter: 'c' })).rejects.toThrow(/no LoRA adapter 'c' is loaded/);
    await expect(host.call({ op: 'blockKeys', engine: first.name, tokens: [1, 2], adapter: 'c' })).rejects.toThrow(/no LoRA adapter 'c'/);
  });

  it.each([
    ['a missing adapter file', () => [{ name: 'x', path: path.join(dir, 'missing.gguf') }], { kind: 'llamacpp-start-failed', stage: 'adapter' }],
    ['an adapter for another model shape', () => [{ name: 'x', path: otherShapeLora() }], { kind: 'llamacpp-start-failed', stage: 'adapter' }],
    ['a file that is no adapter', () => [{ name: 'x', path: modelPath }], { kind: 'llamacpp-start-failed', stage: 'adapter' }],
    ['two adapters of one name', () => [{ name: 'x', path: loraA }, { name: 'x', path: loraB }], { kind: 'invalid-option', key: 'adapters' }],
    ['a name with a colon', () => [{ name: 'x:y', path: loraA }], { kind: 'invalid-option', key: 'adapters' }],
    ['a scale that is not a number', () => [{ name: 'x', path: loraA, scale: 'big' as unknown as number }], { kind: 'invalid-option', key: 'adapters' }],
  ])('%s fails to load as a value', async (_name, adapterList, error) => {
    const outcome = await host.call({ op: 'load', engine: `bad-${engines++}`, options: { modelPath, contextTokens: CONTEXT, adapters: adapterList() } });
    expect(outcome).toMatchObject({ ok: false, error });
  });

  function otherShapeLora(): string {
    const file = path.join(dir, 'lora-d32.gguf');
    fs.writeFileSync(file, expectOk(generateTinyLora(generateTinyModel({ dim: 32, heads: 2, kvHeads: 1, ffnDim: 64 })), 'lora d32'));
    return file;
  }
});
