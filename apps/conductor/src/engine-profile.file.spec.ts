import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ENGINE_PROFILE, formatEngineProfile } from '@tsukimi/scheduler';
import { readEngineProfile } from './engine-profile.file';

describe('readEngineProfile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-profile-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a profile written by formatEngineProfile', () => {
    const file = path.join(dir, 'profile.json');
    fs.writeFileSync(file, formatEngineProfile(DEFAULT_ENGINE_PROFILE));
    expect(readEngineProfile(file)).toEqual({ ok: true, value: DEFAULT_ENGINE_PROFILE });
  });

  it('names the key and the file when it cannot', () => {
    expect(readEngineProfile(path.join(dir, 'missing.json'))).toEqual({ ok: false, error: expect.stringMatching(/^engineProfile: cannot read .*missing\.json: ENOENT$/) });
  });
});
