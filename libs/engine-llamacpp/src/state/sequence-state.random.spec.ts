import { SeededRandom } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { copyRunsOut, cutSequenceState } from './sequence-state.cutter';
import { readSequenceState } from './sequence-state.reader';
import { KV_ELEMENT_BYTES, type KvElementType, type KvRun, kvRunBytes, type ValueLayout } from './sequence-state.types';
import { writeSequenceState } from './sequence-state.writer';
import { type FixtureCache, fixtureStateFile, inOrder, noiseByte } from './testing/state-file.fixture';

/** The payload a run of `slots` tokens from `first` must hold, written element by element from the fixture's bytes. */
function referenceRun(cache: FixtureCache, first: number, slots: number): Uint8Array {
  const element = KV_ELEMENT_BYTES[cache.dtype];
  const row = cache.kvDim * element;
  const plane = slots * row;
  const byteOf = cache.byteOf!;
  const payload = new Uint8Array(kvRunBytes(cache, slots));
  for (let layer = 0; layer < cache.layers; layer++) {
    for (let slot = 0; slot < slots; slot++) {
      for (let dim = 0; dim < cache.kvDim; dim++) {
        for (let b = 0; b < element; b++) {
          const value = cache.valueLayout === 'rows' ? slot * row + dim * element : dim * slots * element + slot * element;
          payload[layer * 2 * plane + slot * row + dim * element + b] = byteOf(layer, 0, first + slot, dim, b);
          payload[(layer * 2 + 1) * plane + value + b] = byteOf(layer, 1, first + slot, dim, b);
        }
      }
    }
  }
  return payload;
}

interface Case {
  readonly cache: FixtureCache;
  readonly blockSizeTokens: number;
}

function int(random: SeededRandom, low: number, high: number): number {
  return low + (random.nextU32() % (high - low + 1));
}

function randomCase(seed: number): Case {
  const random = new SeededRandom(seed);
  const dtype: KvElementType = seed % 2 === 0 ? 'f16' : 'f32';
  const valueLayout: ValueLayout = seed % 4 < 3 ? 'transposed' : 'rows';
  const tokens = int(random, 1, 150);
  const positions = inOrder(tokens);
  const shuffled = positions.map((p) => (p * 7 + 3) % tokens);
  const cellPositions = seed % 5 === 4 && new Set(shuffled).size === tokens ? shuffled : positions;
  return {
    cache: { layers: int(random, 1, 3), kvDim: int(random, 1, 41), dtype, valueLayout, cellPositions, byteOf: noiseByte(seed) },
    blockSizeTokens: [1, 2, 3, 4, 8, 16, 64][int(random, 0, 6)]!,
  };
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const CASES: [string, Case][] = Array.from({ length: 32 }, (_, seed) => {
  const c = randomCase(seed);
  const { cache } = c;
  const order = cache.cellPositions.every((position, cell) => position === cell) ? 'in order' : 'shuffled';
  const shape = `${cache.layers} layers × kvDim ${cache.kvDim}, ${cache.cellPositions.length} tokens (cells ${order}), blocks of ${c.blockSizeTokens}`;
  return [`seed ${seed}: ${cache.dtype}, V ${cache.valueLayout}, ${shape}`, c];
});

describe('llama.cpp sequence state on random shapes: blocks and rewrites equal an element-by-element copy', () => {
  it.each(CASES)('%s', (_name, { cache, blockSizeTokens }) => {
    const tokens = cache.cellPositions.length;
    const bytes = fixtureStateFile(cache);
    const state = expectOk(readSequenceState(bytes), 'read');
    const inPositionOrder = cache.cellPositions.every((position, cell) => position === cell) ? cache : { ...cache, cellPositions: inOrder(tokens) };

    const cut = cutSequenceState(state, blockSizeTokens);
    const runs: KvRun[] = [...cut.blocks.map((payload) => ({ payload, slots: blockSizeTokens })), ...(cut.tail ? [cut.tail] : [])];
    let first = 0;
    for (const run of runs) {
      expect(same(run.payload, referenceRun(cache, first, run.slots))).toBe(true);
      first += run.slots;
    }

    const fullBlocks = cut.blocks.length;
    if (fullBlocks >= 2) {
      const from = Math.floor(fullBlocks / 2);
      const sealed = Array.from({ length: fullBlocks - from }, () => ({ payload: new Uint8Array(kvRunBytes(cache, blockSizeTokens)), slots: blockSizeTokens }));
      copyRunsOut(state, from * blockSizeTokens, sealed);
      sealed.forEach((run, i) => expect(same(run.payload, referenceRun(cache, (from + i) * blockSizeTokens, blockSizeTokens))).toBe(true));
    }

    const whole = inPositionOrder === cache ? bytes : fixtureStateFile(inPositionOrder);
    expect(same(writeSequenceState(state.frame, state.tokens, runs), whole)).toBe(true);
    const prefix = Math.max(0, tokens - 1 - (tokens % 5));
    const prefixState = writeSequenceState(state.frame, state.tokens.slice(0, prefix), runs);
    expect(same(prefixState, fixtureStateFile({ ...inPositionOrder, cellPositions: inOrder(prefix) }))).toBe(true);
  });

  it('a V plane larger than the band kernel window (f16, 1 layer × kvDim 600, 1000 tokens): blocks hold their tokens, the rewrite is byte-exact', () => {
    const cache: FixtureCache = { layers: 1, kvDim: 600, dtype: 'f16', valueLayout: 'transposed', cellPositions: inOrder(1000), byteOf: noiseByte(99) };
    const bytes = fixtureStateFile(cache);
    const state = expectOk(readSequenceState(bytes), 'read');
    const cut = cutSequenceState(state, 16);
    for (const block of [0, 31, 61]) expect(same(cut.blocks[block]!, referenceRun(cache, block * 16, 16))).toBe(true);
    expect(same(cut.tail!.payload, referenceRun(cache, 992, 8))).toBe(true);
    const runs = [...cut.blocks.map((payload) => ({ payload, slots: 16 })), cut.tail!];
    expect(same(writeSequenceState(state.frame, state.tokens, runs), bytes)).toBe(true);
  });
});
