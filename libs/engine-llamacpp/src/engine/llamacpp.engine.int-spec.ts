import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EngineInfo } from '@tsukimi/engine';
import { generateTinyModel } from '@tsukimi/llama-model';
import { EngineHost, type Settled } from './testing/engine-host.client';
import { type GreedyOutcome, type PlainContextConfig } from './testing/engine-host.protocol';

const BLOCK = 16;
const STEPS = 12;
const CONTEXT = 1024;
/** Lengths around block boundaries: shorter than a block, a partial trailing block, and exactly whole blocks. */
const PROMPTS: readonly [string, number[]][] = [
  ['1 token', prompt(1, 1)],
  ['17 tokens', prompt(17, 2)],
  ['100 tokens', prompt(100, 3)],
  ['64 tokens (4 whole blocks)', prompt(64, 4)],
];
/** KV dtype × flash attention. */
const CONFIGS = [
  ['f16', false],
  ['f32', false],
  ['f16', true],
] as const;

function prompt(length: number, salt: number): number[] {
  return Array.from({ length }, (_, i) => (i * 131 + salt * 37 + 17) % 256);
}

describe('LlamaCppEngine (llama.cpp in a child process)', () => {
  let dir: string;
  let host: EngineHost;
  let modelPath: string;
  let otherModelPath: string;
  let engines = 0;

  const load = async (options: Record<string, unknown> = {}): Promise<{ name: string; info: EngineInfo }> => {
    const name = `engine-${engines++}`;
    const loaded = await host.call<Settled<EngineInfo>>({ op: 'load', engine: name, options: { modelPath, blockSizeTokens: BLOCK, contextTokens: CONTEXT, sequences: 4, ...options } });
    if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
    return { name, info: loaded.value };
  };
  const greedy = (engine: string, prompts: readonly number[][], tenantSalt?: string) => host.call<GreedyOutcome>({ op: 'greedy', engine, prompts, steps: STEPS, tenantSalt });
  const plain = (config: Partial<PlainContextConfig>, tokens: readonly number[]) =>
    host.call<number[]>({ op: 'plainGreedy', config: { modelPath, kvDtype: 'f16', flashAttention: false, contextTokens: CONTEXT, ...config }, tokens, steps: STEPS });
  /** Moves every full block of `tokens` from one engine to another, returning each import's outcome. */
  const move = async (from: string, to: string, tokens: readonly number[]): Promise<Settled<string>[]> => {
    const keys = await host.call<string[]>({ op: 'blockKeys', engine: from, tokens });
    const outcomes: Settled<string>[] = [];
    for (const key of keys) {
      const exported = await host.call<Settled<string>>({ op: 'export', engine: from, key });
      if (!exported.ok) throw new Error(`export failed: ${JSON.stringify(exported.error)}`);
      outcomes.push(await host.call<Settled<string>>({ op: 'import', engine: to, key, bytes: exported.value }));
    }
    return outcomes;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-llamacpp-engine-'));
    modelPath = path.join(dir, 'tiny.gguf');
    otherModelPath = path.join(dir, 'tiny-seed2.gguf');
    fs.writeFileSync(modelPath, generateTinyModel());
    fs.writeFileSync(otherModelPath, generateTinyModel({ seed: 2 }));
    host = EngineHost.start();
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(CONFIGS)('%s KV, flash attention %s', (kvDtype, flashAttention) => {
    let first: string;
    let second: string;

    beforeAll(async () => {
      first = (await load({ kvDtype, flashAttention })).name;
      second = (await load({ kvDtype, flashAttention })).name;
    });

    it.each(PROMPTS)('greedy tokens equal a plain llama.cpp run: cold, from cached blocks, and from blocks imported into another engine (%s)', async (_name, tokens) => {
      const expected = await plain({ kvDtype, flashAttention }, tokens);
      const wholeBlocks = Math.floor(tokens.length / BLOCK) * BLOCK;

      const cold = await greedy(first, [tokens]);
      expect(cold.tokens[0]).toEqual(expected);
      expect(cold).toMatchObject({ reusedTokens: [0], computedTokens: [tokens.length] });

      const cached = await greedy(first, [tokens]);
      expect(cached.tokens[0]).toEqual(expected);
      const reusable = wholeBlocks === tokens.length ? tokens.length - 1 : wholeBlocks;
      expect(cached).toMatchObject({ reusedTokens: [reusable], computedTokens: [tokens.length - reusable] });

      const imports = await move(first, second, tokens);
      expect(imports.every((outcome) => outcome.ok)).toBe(true);
      const imported = await greedy(second, [tokens]);
      expect(imported.tokens[0]).toEqual(expected);
      expect(imported.reusedTokens).toEqual([reusable]);
    });

    it('four sequences decoded in one batch each produce the tokens they produce alone', async () => {
      const prompts = [prompt(5, 11), prompt(23, 12), prompt(40, 13), prompt(71, 14)];
      const alone: number[][] = [];
      for (const p of prompts) alone.push((await greedy(first, [p], 'alone')).tokens[0]!);
      const together = await greedy(first, prompts, 'together');
      expect(together.tokens).toEqual(alone);
    });
  });

  it.each([
    ['another model (same shape, another seed)', { modelPath: 'other' }, 'model-mismatch'],
    ['another KV dtype', { kvDtype: 'f32' }, 'model-mismatch'],
    ['flash attention on (V as rows, not transposed)', { flashAttention: true }, 'model-mismatch'],
    ['another block size', { blockSizeTokens: 8 }, 'model-mismatch'],
  ] as const)('a block from an engine with %s is refused on import, and the prompt is recomputed with unchanged tokens', async (_name, options, kind) => {
    const tokens = prompt(50, 21);
    const source = await load({ ...options, ...('modelPath' in options ? { modelPath: otherModelPath } : {}) });
    const target = await load();
    await greedy(source.name, [tokens]);
    const imports = await move(source.name, target.name, tokens);
    expect(imports.length).toBeGreaterThan(0);
    for (const outcome of imports) expect(outcome).toMatchObject({ ok: false, error: { kind } });
    expect(await host.call({ op: 'stats', engine: target.name })).toMatchObject({ cachedBlocks: 0 });
    const recomputed = await greedy(target.name, [tokens]);
    expect(recomputed).toMatchObject({ reusedTokens: [0], computedTokens: [tokens.length] });
    expect(recomputed.tokens[0]).toEqual(await plain({}, tokens));
  });

  it('a corrupted block is refused as corrupt', async () => {
    const tokens = prompt(32, 31);
    const { name } = await load();
    await greedy(name, [tokens]);
    const [key] = await host.call<string[]>({ op: 'blockKeys', engine: name, tokens });
    const exported = await host.call<Settled<string>>({ op: 'export', engine: name, key: key! });
    if (!exported.ok) throw new Error('export failed');
    const bytes = Buffer.from(exported.value, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0x40, bytes.length - 3);
    const target = await load();
    expect(await host.call({ op: 'import', engine: target.name, key: key!, bytes: bytes.toString('base64') })).toMatchObject({ ok: false, error: { kind: 'checksum-mismatch' } });
  });

  it('writes the digest it is given into an exported block\'s header, and an import expecting another digest refuses it', async () => {
    const tokens = prompt(32, 33);
    const { name } = await load();
    await greedy(name, [tokens]);
    const [key] = await host.call<string[]>({ op: 'blockKeys', engine: name, tokens });
    const [digest, other] = ['0123456789abcdef'.repeat(2), 'fedcba9876543210'.repeat(2)];
    const exported = await host.call<Settled<string>>({ op: 'export', engine: name, key: key!, digest });
    if (!exported.ok) throw new Error('export failed');
    const target = await load();
    const into = (expected: string) => host.call({ op: 'import', engine: target.name, key: key!, bytes: exported.value, digest: expected });
    expect(await into(other)).toMatchObject({ ok: false, error: { kind: 'digest-mismatch', expected: other, actual: digest } });
    expect(await into(digest)).toEqual({ ok: true, value: 'imported' });
  });

  it('keys match the reference scheme, cached prefixes are counted, and the block memory evicts least recently used first', async () => {
    const { name, info } = await load({ cachedBlocks: 3 });
    expect(info).toMatchObject({ engine: 'llamacpp', vocabSize: 259, blockLayout: { layers: 2, kvHeads: 2, headDim: 16, blockSizeTokens: BLOCK, dtype: 'f16' } });
    const a = prompt(48, 41);
    const b = prompt(32, 42);
    await greedy(name, [a]);
    const keysA = await host.call<string[]>({ op: 'blockKeys', engine: name, tokens: a });
    expect(await host.call({ op: 'cachedPrefixBlocks', engine: name, keys: keysA })).toBe(3);
    await greedy(name, [b]);
    expect(await host.call({ op: 'stats', engine: name })).toEqual({ capacityBlocks: 3, inUseBlocks: 0, cachedBlocks: 3, freeBlocks: 0 });
    expect(await host.call({ op: 'cachedPrefixBlocks', engine: name, keys: keysA })).toBe(0);
    const salted = await host.call<string[]>({ op: 'blockKeys', engine: name, tokens: a, tenantSalt: 'tenant-b' });
    expect(salted).toHaveLength(3);
    expect(salted.some((key, i) => key === keysA[i])).toBe(false);
  });

  it('counts the context cells its open sequences fill as blocks, beside the block memory of sealed copies', async () => {
    const { name } = await load({ sequences: 2 });
    const contextStats = () => host.call({ op: 'contextStats', engine: name });
    const slotBlocks = CONTEXT / BLOCK;
    expect(await contextStats()).toEqual({ capacityBlocks: 2 * slotBlocks, inUseBlocks: 0 });
    const [a, b] = [await host.call<number>({ op: 'open', engine: name }), await host.call<number>({ op: 'open', engine: name })];
    await host.call({ op: 'prefill', engine: name, sequence: a, tokens: prompt(40, 51) });
    await host.call({ op: 'prefill', engine: name, sequence: b, tokens: prompt(16, 52) });
    expect(await contextStats()).toEqual({ capacityBlocks: 2 * slotBlocks, inUseBlocks: 3 + 1 });
    await host.call({ op: 'close', engine: name, sequence: a });
    await host.call({ op: 'close', engine: name, sequence: b });
    expect(await contextStats()).toEqual({ capacityBlocks: 2 * slotBlocks, inUseBlocks: 0 });
  });

  it('expected failures come back as values', async () => {
    const { name } = await load({ sequences: 2 });
    const open = () => host.call<number>({ op: 'open', engine: name });
    const prefill = (sequence: number, tokens: number[]) => host.call<Settled<unknown>>({ op: 'prefill', engine: name, sequence, tokens });
    const s1 = await open();
    expect(await prefill(s1, [])).toMatchObject({ ok: false, error: { kind: 'empty-prompt' } });
    expect(await prefill(s1, [259])).toMatchObject({ ok: false, error: { kind: 'invalid-token', token: 259, vocabSize: 259 } });
    expect(await prefill(s1, prompt(CONTEXT + 1, 1))).toMatchObject({ ok: false, error: { kind: 'context-overflow', contextTokens: CONTEXT } });
    expect(await prefill(999, [1])).toMatchObject({ ok: false, error: { kind: 'unknown-sequence', sequenceId: 999 } });
    expect(await host.call({ op: 'decode', engine: name, entries: [{ sequence: 999, token: 1 }] })).toMatchObject({ ok: false, error: { kind: 'unknown-sequence' } });
    const s2 = await open();
    const s3 = await open();
    expect(await prefill(s1, [1, 2, 3])).toMatchObject({ ok: true });
    expect(await prefill(s2, [1, 2, 3])).toMatchObject({ ok: true });
    // A third sequence on a two-sequence context waits for a slot (llamacpp-slot.pool.spec.ts): give one back first.
    await host.call({ op: 'close', engine: name, sequence: s1 });
    expect(await prefill(s3, [1, 2, 3])).toMatchObject({ ok: true, value: { reusedTokens: 0, computedTokens: 3 } });
  });

  it('a model llama.cpp cannot read fails to load as a value', async () => {
    const broken = path.join(dir, 'broken.gguf');
    fs.writeFileSync(broken, Buffer.from('not a gguf'));
    expect(await host.call({ op: 'load', engine: 'broken', options: { modelPath: broken } })).toMatchObject({ ok: false, error: { kind: 'llamacpp-start-failed', stage: 'model' } });
    expect(await host.call({ op: 'load', engine: 'bad', options: { modelPath, sequences: 0 } })).toMatchObject({ ok: false, error: { kind: 'invalid-option', key: 'sequences' } });
  });
});
