import { expectOk } from '@tsukimi/result';
import { cutSequenceState } from './sequence-state.cutter';
import { readSequenceState, type SequenceState } from './sequence-state.reader';
import { KV_ELEMENT_BYTES, type KvElementType, type KvRun, kvRunBytes, type ValueLayout } from './sequence-state.types';
import { sequenceStateBytes, writeSequenceState } from './sequence-state.writer';
import { type FixtureCache, fixtureByte, fixtureStateFile, inOrder } from './testing/state-file.fixture';

const SHAPES: readonly [KvElementType, ValueLayout][] = [
  ['f16', 'transposed'],
  ['f16', 'rows'],
  ['f32', 'transposed'],
  ['f32', 'rows'],
];
const ROUND_TRIPS = SHAPES.flatMap(([dtype, valueLayout]) =>
  [1, 17, 100, 333].flatMap((tokens) => [4, 16, 64].map((blockSizeTokens) => [dtype, valueLayout, tokens, blockSizeTokens] as const)),
);

function cache(dtype: KvElementType, valueLayout: ValueLayout, cellPositions: readonly number[], extra: Partial<FixtureCache> = {}): FixtureCache {
  return { layers: 3, kvDim: 12, dtype, valueLayout, cellPositions, ...extra };
}

function runs(state: SequenceState, blockSizeTokens: number): KvRun[] {
  const cut = cutSequenceState(state, blockSizeTokens);
  return [...cut.blocks.map((payload) => ({ payload, slots: blockSizeTokens })), ...(cut.tail ? [cut.tail] : [])];
}

/** Checks every byte of a run against the fixture's pattern for positions first… first + slots - 1. */
function expectRunHolds(run: KvRun, fixture: FixtureCache, first: number): void {
  const element = KV_ELEMENT_BYTES[fixture.dtype];
  const row = fixture.kvDim * element;
  const plane = run.slots * row;
  let wrong = 0;
  for (let layer = 0; layer < fixture.layers; layer++) {
    for (let slot = 0; slot < run.slots; slot++) {
      for (let dim = 0; dim < fixture.kvDim; dim++) {
        for (let b = 0; b < element; b++) {
          const key = layer * 2 * plane + slot * row + dim * element + b;
          const value = (layer * 2 + 1) * plane + (fixture.valueLayout === 'rows' ? slot * row + dim * element : dim * run.slots * element + slot * element) + b;
          if (run.payload[key] !== fixtureByte(layer, 0, first + slot, dim, b)) wrong++;
          if (run.payload[value] !== fixtureByte(layer, 1, first + slot, dim, b)) wrong++;
        }
      }
    }
  }
  expect(wrong).toBe(0);
}

describe('llama.cpp sequence state: cut into blocks and written again', () => {
  it.each(ROUND_TRIPS)('%s KV, V as %s, %i tokens, blocks of %i: the rewrite is byte-exact', (dtype, valueLayout, tokens, blockSizeTokens) => {
    const bytes = fixtureStateFile(cache(dtype, valueLayout, inOrder(tokens)));
    const state = expectOk(readSequenceState(bytes), 'read');
    const cut = cutSequenceState(state, blockSizeTokens);
    expect(cut.blocks).toHaveLength(Math.floor(tokens / blockSizeTokens));
    expect(cut.tail?.slots ?? 0).toBe(tokens % blockSizeTokens);
    for (const block of cut.blocks) expect(block.length).toBe(3 * 2 * blockSizeTokens * 12 * KV_ELEMENT_BYTES[dtype]);
    const rewritten = writeSequenceState(state.frame, state.tokens, runs(state, blockSizeTokens));
    expect(Buffer.from(rewritten).equals(Buffer.from(bytes))).toBe(true);
    expect(sequenceStateBytes(state.frame, tokens)).toBe(bytes.length);
  });

  it.each(SHAPES)('%s KV, V as %s: block i holds exactly tokens [i·B, (i+1)·B) of every layer', (dtype, valueLayout) => {
    const fixture = cache(dtype, valueLayout, inOrder(37));
    const state = expectOk(readSequenceState(fixtureStateFile(fixture)), 'read');
    runs(state, 8).forEach((run, i) => expectRunHolds(run, fixture, i * 8));
  });

  it.each(SHAPES)('%s KV, V as %s: cells out of position order are cut by position and written back in order', (dtype, valueLayout) => {
    const shuffled = inOrder(29).map((p) => (p * 11 + 3) % 29);
    const fixture = cache(dtype, valueLayout, shuffled);
    const state = expectOk(readSequenceState(fixtureStateFile(fixture)), 'read');
    expect(state.cellOfPosition).toBeDefined();
    runs(state, 4).forEach((run, i) => expectRunHolds(run, fixture, i * 4));
    const rewritten = writeSequenceState(state.frame, state.tokens, runs(state, 4));
    expect(Buffer.from(rewritten).equals(Buffer.from(fixtureStateFile(cache(dtype, valueLayout, inOrder(29)))))).toBe(true);
  });

  it('a sequence in one stream of several keeps its stream, sequence id and empty siblings', () => {
    const bytes = fixtureStateFile(cache('f16', 'transposed', inOrder(21), { streamCount: 4, streamIndex: 2, seqId: 2 }));
    const state = expectOk(readSequenceState(bytes), 'read');
    expect(state.frame).toMatchObject({ streamCount: 4, streamIndex: 2, seqId: 2, layers: 3, kvDim: 12 });
    expect(Buffer.from(writeSequenceState(state.frame, state.tokens, runs(state, 16))).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([0, 1, 15, 16, 17, 40])('written from leading blocks for the first %i tokens, a state equals the one llama.cpp writes for them', (count) => {
    const state = expectOk(readSequenceState(fixtureStateFile(cache('f16', 'transposed', inOrder(48)))), 'read');
    const blocks = cutSequenceState(state, 16).blocks.map((payload) => ({ payload, slots: 16 }));
    const prefix = writeSequenceState(state.frame, state.tokens.slice(0, count), blocks);
    const expected = fixtureStateFile(cache('f16', 'transposed', inOrder(count)));
    expect(Buffer.from(prefix).equals(Buffer.from(expected))).toBe(true);
  });

  it('refuses to write more tokens than the runs hold KV for, or a run of the wrong size', () => {
    const state = expectOk(readSequenceState(fixtureStateFile(cache('f32', 'rows', inOrder(8)))), 'read');
    const blocks = runs(state, 4);
    expect(() => writeSequenceState(state.frame, [...state.tokens, 1], blocks)).toThrow(RangeError);
    expect(() => writeSequenceState(state.frame, state.tokens, [{ payload: new Uint8Array(kvRunBytes(state.frame, 4) - 1), slots: 4 }, blocks[1]!])).toThrow(RangeError);
  });
});

describe('llama.cpp sequence state: what the reader refuses', () => {
  const good = (): Uint8Array => fixtureStateFile(cache('f16', 'transposed', inOrder(5)));
  const patched = (offset: number, value: number): Uint8Array => {
    const bytes = good();
    new DataView(bytes.buffer).setUint32(offset, value, true);
    return bytes;
  };
  /** Offsets in a 5-token state: 12-byte head, 20 bytes of tokens, n_stream at 32, cell count at 36, cells from 40. */
  const CASES: readonly [string, () => Uint8Array, string][] = [
    ['another magic', () => patched(0, 0x67677370), 'bad-magic'],
    ['another format version', () => patched(4, 2), 'unsupported-version'],
    ['more tokens than cells', () => fixtureStateFile(cache('f16', 'transposed', inOrder(5))).subarray(0, 30), 'truncated'],
    ['cut short in the KV data', () => good().subarray(0, good().length - 1), 'truncated'],
    ['bytes after the KV cache (another memory follows)', () => Uint8Array.from([...good(), 0, 0, 0, 0]), 'trailing-bytes'],
    ['a cell shared by two sequences', () => patched(44, 2), 'cells'],
    ['a repeated position', () => patched(52, 0), 'positions'],
    ['a position past the sequence', () => patched(52, 9), 'positions'],
    ['a quantized KV type (Q8_0)', () => patched(40 + 60 + 8, 8), 'kv-type'],
    ['no cells at all', () => fixtureStateFile(cache('f16', 'transposed', [])), 'cells'],
    ['cells in two streams', () => Uint8Array.from([...patched(32, 2).subarray(0, 36), ...good().subarray(36), ...good().subarray(36)]), 'streams'],
  ];

  it.each(CASES)('%s', (_name, bytes, problem) => {
    const read = readSequenceState(bytes());
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatchObject({ kind: 'sequence-state-invalid', problem });
  });
});
