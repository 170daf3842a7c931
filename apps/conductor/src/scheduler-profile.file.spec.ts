import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSchedulerProfile } from './scheduler-profile.file';

describe('readSchedulerProfile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-scheduler-profile-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads a profile of built-in plugins', () => {
    const profile = {
      prefill: { filters: [{ type: 'session-affinity', parameters: { ttftToleranceMs: 20 } }], scorers: [{ type: 'kvcache-centric', weight: 2 }, { type: 'least-loaded' }], picker: { type: 'max-score' } },
      decode: { filters: [{ type: 'tbt-slo' }], picker: { type: 'round-robin' } },
      admission: 'predictive',
    };
    expect(readSchedulerProfile(write('good.json', JSON.stringify(profile)))).toEqual({ ok: true, value: profile });
  });

  it.each([
    ['unknown-type.json', { prefill: { picker: { type: 'max-score' }, scorers: [{ type: 'fastest' }] }, decode: { picker: { type: 'max-score' } } }, /: prefill\.scorers\[0\]\.type: unknown plugin type "fastest"/],
    ['wrong-kind.json', { prefill: { picker: { type: 'tbt-slo' } }, decode: { picker: { type: 'max-score' } } }, /: prefill\.picker\.type: "tbt-slo" is a filter, not a picker/],
    ['bad-parameter.json', { prefill: { picker: { type: 'max-score' }, filters: [{ type: 'session-affinity', parameters: { ttftToleranceMs: -1 } }] }, decode: { picker: { type: 'max-score' } } }, /: prefill\.filters\[0\]\.parameters\.ttftToleranceMs: must be 0 or more/],
    ['misspelt-parameter.json', { prefill: { picker: { type: 'max-score', parameters: { tieBreak: 'id' } } }, decode: { picker: { type: 'max-score' } } }, /: prefill\.picker\.parameters\.tieBreak: is not a parameter/],
    ['no-picker.json', { prefill: { picker: { type: 'max-score' } }, decode: {} }, /: decode\.picker: is required/],
    ['bad-weight.json', { prefill: { picker: { type: 'max-score' }, scorers: [{ type: 'least-loaded', weight: -1 }] }, decode: { picker: { type: 'max-score' } } }, /: prefill\.scorers\[0\]\.weight: must be a number, 0 or more/],
    ['bad-admission.json', { prefill: { picker: { type: 'max-score' } }, decode: { picker: { type: 'max-score' } }, admission: 'strict' }, /: admission: must be one of none, early, predictive/],
  ])('refuses %s, naming the key', (name, profile, message) => {
    expect(readSchedulerProfile(write(name, JSON.stringify(profile)))).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^schedulerProfile: .*${name.replace('.', '\\.')}${message.source}`)) });
  });

  it('names the key and the file when it cannot read or parse it', () => {
    expect(readSchedulerProfile(path.join(dir, 'missing.json'))).toEqual({ ok: false, error: expect.stringMatching(/^schedulerProfile: cannot read .*missing\.json: ENOENT$/) });
    expect(readSchedulerProfile(write('broken.json', '{ "prefill": '))).toEqual({ ok: false, error: expect.stringMatching(/^schedulerProfile: cannot read .*broken\.json: .*JSON/) });
  });
});
