import { argmax, type SequenceId } from '@tsukimi/engine';
import { headerBytes, scopedSalt } from '@tsukimi/kv-block';
import { expectOk, ok } from '@tsukimi/result';
import { MODEL_PRESETS } from '../cost/model.spec-sheet';
import { NODE_PRESETS } from '../cost/node.spec-sheet';
import { ROUND_MODEL, ROUND_NODE } from '../testing/round-numbers.sheets';
import { SimulatedEngine, type SimulatedEngineOptions } from './simulated.engine';
import { profileTiming } from './simulated.timing';

/** A delay that resolves at once and records what it was asked to wait. */
function recordingDelay() {
  const waitedMs: number[] = [];
  return { waitedMs, delay: (ms: number) => (waitedMs.push(ms), Promise.resolve()) };
}

const BLOCK = 4;
function engine(overrides: Partial<SimulatedEngineOptions> = {}) {
  const clock = recordingDelay();
  const e = new SimulatedEngine({ model: ROUND_MODEL, node: ROUND_NODE, blockSizeTokens: BLOCK, arenaBlocks: 64, contextTokens: 256, timeScale: 1, delay: clock.delay, ...overrides });
  return { engine: e, waitedMs: clock.waitedMs };
}

const prompt = Array.from({ length: 10 }, (_, i) => 100 + i);

/** Greedy generation: prefill then `n - 1` decode steps. */
async function generate(e: SimulatedEngine, tokens: readonly number[], n: number, sequence: SequenceId = e.openSequence()) {
  const first = expectOk(await e.prefill(sequence, tokens), 'prefill');
  const out = [argmax(first.logits[0]!)];
  while (out.length < n) out.push(argmax(expectOk(await e.decode([{ sequence, token: out[out.length - 1]! }]), 'decode')[0]!));
  return { out, first };
}

describe('SimulatedEngine', () => {
  it('keys a tenant group\'s shared prefix under the group\'s salt and the rest under the tenant\'s, chunk by chunk', async () => {
    const { engine: e } = engine();
    // 6 shared tokens: block 0 is the group's; block 1 (tokens 4-7) crosses the boundary and is the tenant's,
    // also when it is sealed by a later chunk than block 0.
    const salt = (tenant: string) => scopedSalt({ groupSalt: 'group', sharedTokens: 6, tenantSalt: tenant });
    const amy = e.openSequence(salt('amy'));
    expectOk(await e.prefill(amy, prompt.slice(0, 5)), 'first chunk');
    expectOk(await e.prefill(amy, prompt.slice(5)), 'second chunk');
    expect(e.cachedPrefixBlocks(e.blockKeys(prompt, salt('amy')))).toBe(2);
    expect((await generate(e, prompt, 1, e.openSequence(salt('ben')))).first.reusedTokens).toBe(4);
    expect((await generate(e, prompt, 1, e.openSequence('otto'))).first.reusedTokens).toBe(0);
    expect((await generate(e, prompt, 1, e.openSequence(salt('amy')))).first.reusedTokens).toBe(8);
  });

  it('waits the cost model\'s prefill and decode times, scaled', async () => {
    const { engine: e, waitedMs } = engine({ timeScale: 0.5 });
    await generate(e, prompt, 3);
    // Then the same prompt again: its two full blocks (8 tokens) are reused.
    const again = await generate(e, prompt, 1);
    expect(again.first).toMatchObject({ reusedTokens: 8, computedTokens: 2 });
    expect(waitedMs).toEqual([0.5 * e.cost.prefillMs(10, 0), 0.5 * e.cost.decodeStepMs(1, 11), 0.5 * e.cost.decodeStepMs(1, 12), 0.5 * e.cost.prefillMs(10, 8)]);
  });

  it('waits what an engine profile predicts when given one, instead of the cost model\'s times', async () => {
    const profile = { engine: 'measured', blockSizeTokens: BLOCK, blockBytes: 1, prefill: { baseMs: 2, msPerComputedToken: 0.5, msPerAttendedPair: 0.01 }, decode: { baseMs: 1, msPerRequest: 0.25, msPerContextToken: 0.001 } };
    const { engine: e, waitedMs } = engine({ timing: profileTiming(profile), timeScale: 2 });
    await generate(e, prompt, 2);
    await generate(e, prompt, 1);
    // 10 fresh tokens: 2 + 0.5·10 + 0.01·55 pairs; one request over 11 tokens: 1 + 0.25 + 0.011; then 8 reused, 2 computed: 2 + 0.5·2 + 0.01·(2·8 + 3).
    expect(waitedMs.map((ms) => ms / 2)).toEqual([7.55, 1.261, 3.19].map((ms) => expect.closeTo(ms, 9)));
  });

  it('runs one computation at a time, as one GPU group does', async () => {
    const pending: (() => void)[] = [];
    const { engine: e } = engine({ delay: () => new Promise<void>((resolve) => pending.push(resolve)) });
    const a = e.prefill(e.openSequence(), prompt);
    const b = e.prefill(e.openSequence(), [1, 2, 3]);
    await Promise.resolve();
    expect(pending).toHaveLength(1);
    pending.shift()!();
    await a;
    expect(pending).toHaveLength(1);
    pending.shift()!();
    await b;
  });

  it('generates the same tokens on one engine as on a second that imports the prompt\'s blocks from the first', async () => {
    const { engine: one } = engine();
    const alone = await generate(one, prompt, 6);
    expect(new Set(alone.out).size).toBeGreaterThan(1);
    const { engine: two } = engine();
    const keys = one.blockKeys(prompt);
    for (const key of keys) expect(two.importBlock(expectOk(one.exportBlock(key), 'export'), key)).toEqual(ok('imported'));
    const sequence = two.openSequence();
    expect(expectOk(await two.prefill(sequence, prompt, { logits: 'none' }), 'prefill')).toMatchObject({ reusedTokens: 8, logits: [] });
    const out = [alone.out[0]!];
    while (out.length < 6) out.push(argmax(expectOk(await two.decode([{ sequence, token: out[out.length - 1]! }]), 'decode')[0]!));
    expect(out).toEqual(alone.out);
  });

  it('exports blocks of the model\'s true size: LLaMA3-70B, 320 KiB a token', async () => {
    const { engine: e } = engine({ model: MODEL_PRESETS['llama3-70b']!, node: NODE_PRESETS['8xa800']! });
    await e.prefill(e.openSequence(), prompt);
    const bytes = expectOk(e.exportBlock(e.blockKeys(prompt)[0]!), 'export');
    expect(bytes.length).toBe(headerBytes + BLOCK * 327_680);
  });

  it('refuses a corrupt block and one of another model, storing nothing', async () => {
    const { engine: one } = engine();
    await one.prefill(one.openSequence(), prompt);
    const key = one.blockKeys(prompt)[0]!;
    const bytes = expectOk(one.exportBlock(key), 'export');
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 1]! ^= 1;
    const { engine: two } = engine();
    expect(two.importBlock(corrupt, key).ok).toBe(false);
    const { engine: other } = engine({ model: { ...ROUND_MODEL, name: 'other' } });
    expect(other.importBlock(bytes, key).ok).toBe(false);
    expect(two.cachedPrefixBlocks([key])).toBe(0);
    expect(other.cachedPrefixBlocks([key])).toBe(0);
  });

  it('keeps at most arenaBlocks, telling the observer what enters and leaves', async () => {
    const stored: string[] = [];
    const removed: string[] = [];
    const { engine: e } = engine({ arenaBlocks: 2, observer: { blockStored: (k) => stored.push(k), blockRemoved: (k) => removed.push(k) } });
    await e.prefill(e.openSequence(), prompt.concat([7, 7]));
    const keys = e.blockKeys(prompt.concat([7, 7]));
    expect(stored).toEqual(keys);
    expect(removed).toEqual([keys[0]]);
    expect(e.cachedPrefixBlocks(keys.slice(1))).toBe(2);
    expect(e.arenaStats()).toMatchObject({ capacityBlocks: 2, cachedBlocks: 2 });
  });
});

