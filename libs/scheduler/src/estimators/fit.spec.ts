import { fitDecodeStepCoefficients } from './decode-step.fit';
import { predictDecodeStepMs } from './decode-step.model';
import { fitPrefillCoefficients, type PrefillSample } from './prefill-time.fit';
import { attendedPairs, predictPrefillMs } from './prefill-time.model';

const prefill = { baseMs: 12.5, msPerComputedToken: 0.083, msPerAttendedPair: 3.7e-6 };
const decode = { baseMs: 28, msPerRequest: 0.21, msPerContextToken: 4.1e-5 };

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('prefill time model', () => {
  it('counts attended pairs: each computed token reads the reused prefix and the computed tokens up to itself', () => {
    expect(attendedPairs(3, 0)).toBe(6);
    expect(attendedPairs(2, 10)).toBe(23);
  });

  it('always computes the last prompt token, however much is cached', () => {
    const c = { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 };
    expect(predictPrefillMs(c, 128, 128)).toBe(1);
    expect(predictPrefillMs(c, 128, 500)).toBe(1);
    expect(predictPrefillMs(c, 128, 96)).toBe(32);
  });
});

describe('fitting', () => {
  it('recovers known prefill coefficients from noiseless samples over lengths up to 8k and varied reuse', () => {
    const samples: PrefillSample[] = [];
    for (const promptTokens of [64, 512, 1024, 3000, 8192]) {
      for (const reuse of [0, 0.25, 0.9]) {
        const reusedTokens = Math.floor(promptTokens * reuse);
        samples.push({ promptTokens, reusedTokens, ms: predictPrefillMs(prefill, promptTokens, reusedTokens) });
      }
    }
    const fit = fitPrefillCoefficients(samples);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(relative(fit.value.baseMs, prefill.baseMs)).toBeLessThan(1e-6);
    expect(relative(fit.value.msPerComputedToken, prefill.msPerComputedToken)).toBeLessThan(1e-6);
    expect(relative(fit.value.msPerAttendedPair, prefill.msPerAttendedPair)).toBeLessThan(1e-6);
  });

  it('refuses samples that cannot separate the terms (every prompt the same)', () => {
    const samples = [1, 2, 3].map(() => ({ promptTokens: 512, reusedTokens: 0, ms: 50 }));
    expect(fitPrefillCoefficients(samples)).toMatchObject({ ok: false, error: { kind: 'rank-deficient' } });
  });

  it('recovers known decode step coefficients from noiseless samples', () => {
    const samples = [1, 4, 16, 64].flatMap((batchSize) =>
      [512, 8192, 65536].map((perRequest) => {
        const contextTokens = batchSize * perRequest;
        return { batchSize, contextTokens, stepMs: predictDecodeStepMs(decode, batchSize, contextTokens) };
      }),
    );
    const fit = fitDecodeStepCoefficients(samples);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(relative(fit.value.baseMs, decode.baseMs)).toBeLessThan(1e-6);
    expect(relative(fit.value.msPerRequest, decode.msPerRequest)).toBeLessThan(1e-6);
    expect(relative(fit.value.msPerContextToken, decode.msPerContextToken)).toBeLessThan(1e-6);
  });

  it('refuses too few decode samples', () => {
    expect(fitDecodeStepCoefficients([{ batchSize: 1, contextTokens: 10, stepMs: 5 }])).toMatchObject({ ok: false, error: { kind: 'too-few-samples' } });
  });
});
