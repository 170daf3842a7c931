import { measure, type StateShape, syntheticState, targetsFor } from './llamacpp-state.measure';

/** A small state: the baseline and the cut must move the same bytes, and the round trip must give them back. */
const SHAPE: StateShape = { layers: 2, kvDim: 64, tokens: 100, blockSizeTokens: 16 };

describe('llama.cpp state benchmark', () => {
  it.each(['transposed', 'rows'] as const)('with V %s, copies the whole state as its baseline and rebuilds it byte for byte from the blocks', (layout) => {
    const bytes = syntheticState(SHAPE, layout);
    const targets = targetsFor(SHAPE, bytes);
    const sample = measure(bytes, targets, SHAPE.blockSizeTokens);
    expect(Buffer.compare(targets.copy, Buffer.from(bytes))).toBe(0);
    expect(Buffer.compare(Buffer.from(targets.state), Buffer.from(bytes))).toBe(0);
    expect(targets.blocks).toHaveLength(Math.floor(SHAPE.tokens / SHAPE.blockSizeTokens));
    for (const value of Object.values(sample)) expect(value).toBeGreaterThanOrEqual(0);
  });
});
