import { type EngineProfile, formatEngineProfile, parseEngineProfile } from './engine-profile.model';
import { DEFAULT_ENGINE_PROFILE } from './estimator.defaults';

const profile: EngineProfile = {
  engine: 'reference tiny on 2 vCPU',
  blockSizeTokens: 16,
  blockBytes: 8192,
  prefill: { baseMs: 1.5, msPerComputedToken: 0.05, msPerAttendedPair: 1e-7 },
  decode: { baseMs: 0.06, msPerRequest: 0.01, msPerContextToken: 2e-6 },
};

describe('engine profile file', () => {
  it.each([
    ['a fitted profile', profile],
    ['the default', DEFAULT_ENGINE_PROFILE],
  ])('round-trips %s through JSON', (_name, value) => {
    expect(parseEngineProfile(formatEngineProfile(value))).toEqual({ ok: true, value });
  });

  const valid = JSON.parse(formatEngineProfile(profile)) as Record<string, unknown>;
  it.each([
    ['text that is not JSON', '{', '$'],
    ['an array', '[]', '$'],
    ['another schema', JSON.stringify({ ...valid, schema: 'tsukimi.engine-profile/v0' }), 'schema'],
    ['a missing engine name', JSON.stringify({ ...valid, engine: undefined }), 'engine'],
    ['a fractional block size', JSON.stringify({ ...valid, blockSizeTokens: 1.5 }), 'blockSizeTokens'],
    ['a zero block size in bytes', JSON.stringify({ ...valid, blockBytes: 0 }), 'blockBytes'],
    ['a missing section', JSON.stringify({ ...valid, decode: undefined }), 'decode'],
    ['a coefficient that is not a number', JSON.stringify({ ...valid, prefill: { ...profile.prefill, msPerAttendedPair: '1e-7' } }), 'prefill.msPerAttendedPair'],
  ])('refuses %s, naming the key', (_name, text, path) => {
    expect(parseEngineProfile(text)).toMatchObject({ ok: false, error: { kind: 'invalid-profile', path } });
  });
});
