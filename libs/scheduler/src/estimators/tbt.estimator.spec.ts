import { decodeBatchLoad } from '../decode-batch.load';
import { instanceId, type DecodeWork, type InstanceSnapshot } from '../instance.model';
import { predictDecodeStepMs } from './decode-step.model';
import { TbtEstimator } from './tbt.estimator';

const step = { baseMs: 7.3, msPerRequest: 0.21, msPerContextToken: 0.000137 };

/** The prediction as its contract states it, one request at a time. */
function reference(batch: readonly DecodeWork[], addedTokens: number, horizonMs: number, arrivals: readonly DecodeWork[]): number {
  const nowMs = predictDecodeStepMs(step, batch.length, batch.reduce((sum, w) => sum + w.contextTokens, 0));
  const steps = horizonMs <= 0 ? 0 : nowMs > 0 ? Math.floor(horizonMs / nowMs) : Infinity;
  const survivors = batch.filter((w) => w.remainingTokens > steps);
  const arriving = arrivals.reduce((sum, w) => sum + w.contextTokens, 0);
  return predictDecodeStepMs(step, survivors.length + arrivals.length + 1, survivors.reduce((sum, w) => sum + w.contextTokens + steps, 0) + arriving + addedTokens);
}

function decode(batch: DecodeWork[], summed = false): InstanceSnapshot {
  const instance: InstanceSnapshot = { id: instanceId('d'), role: 'decode', routable: true, inFlightRequests: batch.length, inFlightTokens: 0, decodeBatch: batch };
  return summed ? { ...instance, decodeBatchLoad: decodeBatchLoad(batch) } : instance;
}

/** Seeded batches: whole and fractional context sizes, some requests about to finish, some far from it. */
function batchOf(seed: number, size: number, fractional: boolean): DecodeWork[] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: size }, () => ({ contextTokens: fractional ? 100 + next() * 9000 : 100 + Math.floor(next() * 9000), remainingTokens: 1 + Math.floor(next() * 600) }));
}

describe('TbtEstimator.withRequestMs', () => {
  const estimator = new TbtEstimator(step);
  const arrivals: DecodeWork[] = [{ contextTokens: 4097, remainingTokens: 256 }];

  it.each([
    ['no horizon', 0, false],
    ['a horizon nobody finishes in', 30, false],
    ['a horizon some finish in', 900, false],
    ['a horizon everybody finishes in', 60_000, false],
    ['no horizon, the batch summed in the snapshot', 0, true],
    ['a horizon nobody finishes in, the batch summed in the snapshot', 30, true],
    ['a horizon some finish in, the batch summed in the snapshot', 900, true],
    ['a horizon everybody finishes in, the batch summed in the snapshot', 60_000, true],
  ])('gives the stated prediction to the last bit, with %s', (_name, horizonMs, summed) => {
    for (let seed = 1; seed <= 40; seed++) {
      for (const fractional of [false, true]) {
        const batch = batchOf(seed, 1 + (seed % 40), fractional);
        expect(estimator.withRequestMs(decode(batch, summed), 8192, horizonMs, arrivals)).toBe(reference(batch, 8192, horizonMs, arrivals));
        expect(estimator.withRequestMs(decode(batch, summed), 8192, horizonMs)).toBe(reference(batch, 8192, horizonMs, []));
      }
    }
  });

  it("reads the batch's totals from the snapshot when it carries them, rather than summing the batch again", () => {
    const batch = batchOf(7, 24, false);
    const load = decodeBatchLoad(batch);
    const carried = { ...decode(batch), decodeBatchLoad: { ...load, contextTokens: load.contextTokens + 1000 } };
    expect(estimator.withRequestMs(carried, 8192)).toBe(predictDecodeStepMs(step, batch.length + 1, load.contextTokens + 1000 + 8192));
    expect(estimator.currentMs(carried)).toBe(predictDecodeStepMs(step, batch.length, load.contextTokens + 1000));
  });

  it('judges an empty batch as the new request alone', () => {
    expect(estimator.withRequestMs(decode([]), 100, 500)).toBe(predictDecodeStepMs(step, 1, 100));
  });
});
