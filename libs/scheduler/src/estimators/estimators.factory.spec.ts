import { emptyIndex, decode, request8, TEST_DECODE_STEP } from '../testing/scheduler.fixtures';
import { prefixMatchOf } from '../index/snapshot-prefix.match';
import { type EngineProfile } from './engine-profile.model';
import { createEstimators } from './estimators.factory';

/** 1 ms per computed token; a step of 10 ms, 1 ms a request and 0.01 ms a context token. */
const profile: EngineProfile = { engine: 'test', blockSizeTokens: 16, blockBytes: 4096, prefill: { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 }, decode: TEST_DECODE_STEP };

describe('createEstimators with a calibration', () => {
  const request = request8();
  const match = prefixMatchOf({ prefill: [], decode: [], cachedPrefixBlocks: () => 0, prefixes: emptyIndex(), tenantInFlightRequests: new Map() }, request);
  const prefill = { ...decode('p', 0), role: 'prefill' as const };
  // Two streams of 100 tokens and a 136-token prompt queued, run whole there; a third of 100 tokens
  // joins: a step of 10 + 3 + 3 ms, then that prompt's chunk of 136 ms.
  const busyDecode = { ...decode('d', 2), queuedPrefills: [{ promptTokens: 136, reusedTokens: 0 }] };

  it.each([
    ['none', undefined, 136, 16 + 136],
    ['prefill work three times as long: TTFT and the chunk in a gap scale, the step does not', { prefillScale: 3, gap: { overheadMs: 0, stepScale: 1 } }, 3 * 136, 16 + 3 * 136],
    ['steps twice as long: the step and the chunk beside it scale, TTFT does not', { prefillScale: 1, gap: { overheadMs: 0, stepScale: 2 } }, 136, 2 * (16 + 136)],
    ['prefill work three times as long, steps twice: the chunk takes the larger', { prefillScale: 3, gap: { overheadMs: 0, stepScale: 2 } }, 3 * 136, 2 * 16 + 3 * 136],
    ['gaps 40 ms longer whatever the batch: every gap adds it, TTFT does not', { prefillScale: 1, gap: { overheadMs: 40, stepScale: 1 } }, 136, 40 + 16 + 136],
  ])('%s', (_name, calibration, ttftMs, tbtMs) => {
    const { ttft, tbt } = createEstimators({ profile, ...(calibration ? { calibration } : {}) });
    expect(ttft.estimate(request, prefill, match).ttftMs).toBeCloseTo(ttftMs, 9);
    expect(tbt.withRequestMs(busyDecode, 100)).toBeCloseTo(tbtMs, 9);
    // What calibration compares the stream's gaps with: the step model's own step, whatever the calibration.
    expect(tbt.modelledStepMs(busyDecode, 100)).toBeCloseTo(16, 9);
  });
});
