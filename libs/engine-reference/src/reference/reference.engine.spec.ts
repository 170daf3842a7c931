import { expectOk } from '@tsukimi/result';
import { argmax } from '@tsukimi/engine';
import { JsKernels } from '../kernels/js.kernels';
import { WasmKernels } from '../kernels/wasm/wasm.kernels';
import { expectSameTrace, firstBitDifference, greedyTrace, randomTokens, tinyEngine } from '../testing/engine-fixtures';
import { type ReferenceEngineOptions } from './reference.engine';

const STEPS = 24;

const KERNELS: ReadonlyArray<[string, ReferenceEngineOptions['kernels']]> = [
  ['WebAssembly SIMD', (heap) => new WasmKernels(heap)],
  ['JS reference', (heap) => new JsKernels(heap)],
];

describe.each(KERNELS)('ReferenceEngine on %s kernels: every serving path gives bit-identical logits and tokens', (_name, kernels) => {
  const engineOn = (options: Partial<ReferenceEngineOptions> = {}) => tinyEngine({ ...options, kernels });
  const prompt = randomTokens(150, 7);
  const onePass = engineOn();
  const baseline = greedyTrace(onePass, prompt, STEPS);

  it.each([1, 7, 16, 33, 149])('chunked prefill of %i tokens per pass', (chunkTokens) => {
    expectSameTrace(greedyTrace(engineOn(), prompt, STEPS, chunkTokens), baseline);
  });

  it.each([64, 100, 128])('a prompt prefilled in separate calls of %i tokens leaves the KV blocks and logits of one pass', (stepTokens) => {
    const stepped = engineOn();
    const sequence = stepped.openSequence();
    let offset = 0;
    for (; offset + stepTokens < prompt.length; offset += stepTokens) {
      expect(expectOk(stepped.prefillNow(sequence, prompt.slice(offset, offset + stepTokens), { logits: 'none' }), 'step')).toMatchObject({ logits: [], computedTokens: stepTokens });
    }
    expectSameTrace(greedyTrace(stepped, prompt.slice(offset), STEPS, undefined, sequence), baseline);
    const keys = onePass.blockKeys(prompt);
    expect(keys).toHaveLength(9);
    for (const key of keys) expect(Buffer.from(expectOk(stepped.exportBlock(key), 'stepped')).equals(expectOk(onePass.exportBlock(key), 'one pass'))).toBe(true);
  });

  it.each([1, 4, 9])('prefill that reuses %i cached prefix blocks computes only the suffix', (blocks) => {
    const engine = engineOn();
    const shared = prompt.slice(0, blocks * 16);
    greedyTrace(engine, [...shared, ...randomTokens(40, 99)], 2);
    const trace = greedyTrace(engine, prompt, STEPS);
    expect(trace.reusedTokens).toBe(blocks * 16);
    expectSameTrace(trace, baseline);
  });

  it('a prompt whose every block is cached re-evaluates only its last token', () => {
    const engine = engineOn();
    const aligned = prompt.slice(0, 144);
    const cold = greedyTrace(engine, aligned, STEPS);
    const sequence = engine.openSequence();
    const warm = expectOk(engine.prefillNow(sequence, aligned), 'prefill');
    expect(warm).toMatchObject({ reusedTokens: 144, computedTokens: 0 });
    expect(firstBitDifference(warm.logits[0]!, cold.logits[0]!)).toBeUndefined();
    engine.closeSequence(sequence);
    expectSameTrace(greedyTrace(engine, aligned, STEPS), cold);
  });

  it('prefill in engine A, blocks moved as bytes into engine B, decode in B', () => {
    const a = engineOn();
    const sequence = a.openSequence();
    expectOk(a.prefillNow(sequence, prompt), 'prefill in A');
    const keys = a.sequenceBlockKeys(sequence)!;
    expect(keys).toHaveLength(Math.floor(prompt.length / 16));

    const b = engineOn();
    for (const key of keys) expect(expectOk(b.importBlock(expectOk(a.exportBlock(key), 'export'), key), 'import')).toBe('imported');
    const trace = greedyTrace(b, prompt, STEPS);
    expect(trace.reusedTokens).toBe(keys.length * 16);
    expectSameTrace(trace, baseline);
  });

  it('batched decode of several sequences equals each decoded alone', () => {
    const prompts = [randomTokens(20, 1), randomTokens(63, 2), randomTokens(5, 3), randomTokens(90, 4)];
    const alone = prompts.map((p) => greedyTrace(engineOn(), p, STEPS));

    const engine = engineOn();
    const sequences = prompts.map((p) => {
      const id = engine.openSequence();
      const logits = expectOk(engine.prefillNow(id, p), 'prefill').logits;
      return { id, tokens: [] as number[], logits: [logits[logits.length - 1]!] };
    });
    for (let step = 0; step < STEPS - 1; step++) {
      const entries = sequences.map((s) => ({ sequence: s.id, token: argmax(s.logits[s.logits.length - 1]!) }));
      entries.forEach((e, i) => sequences[i]!.tokens.push(e.token));
      expectOk(engine.decodeNow(entries), 'decode').forEach((logits, i) => sequences[i]!.logits.push(logits));
    }
    sequences.forEach((s, i) => {
      s.tokens.push(argmax(s.logits[s.logits.length - 1]!));
      expectSameTrace({ tokens: s.tokens, logits: s.logits, reusedTokens: 0 }, alone[i]!);
    });
  });

  it('decode batches larger than one forward pass are split without changing results', () => {
    const engine = engineOn({ prefillChunkTokens: 2 });
    const prompts = [randomTokens(10, 11), randomTokens(17, 12), randomTokens(3, 13)];
    const ids = prompts.map((p) => {
      const id = engine.openSequence();
      expectOk(engine.prefillNow(id, p), 'prefill');
      return id;
    });
    const batched = expectOk(engine.decodeNow(ids.map((sequence) => ({ sequence, token: 65 }))), 'decode');
    prompts.forEach((p, i) => {
      const single = engineOn();
      const id = single.openSequence();
      expectOk(single.prefillNow(id, p), 'prefill');
      const [alone] = expectOk(single.decodeNow([{ sequence: id, token: 65 }]), 'decode');
      expect(firstBitDifference(batched[i]!, alone!)).toBeUndefined();
    });
  });
});

describe('ReferenceEngine prefill without logits', () => {
  it('fills the KV cache so that decoding continues bit-identically', () => {
    const prompt = randomTokens(40, 21);
    const expected = greedyTrace(tinyEngine(), prompt, 6);
    const engine = tinyEngine();
    const sequence = engine.openSequence();
    expect(expectOk(engine.prefillNow(sequence, prompt, { logits: 'none' }), 'prefill').logits).toEqual([]);
    let token = expected.tokens[0]!;
    for (let step = 1; step < 6; step++) {
      const [logits] = expectOk(engine.decodeNow([{ sequence, token }]), 'decode');
      expect(firstBitDifference(logits!, expected.logits[step]!)).toBeUndefined();
      token = expected.tokens[step]!;
    }
  });
});
