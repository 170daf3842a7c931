import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@tsukimi/service-kit/testing';
import { UpProcess } from './up.process.testing';

const BIN = path.resolve(__dirname, '../../bin/tsukimi.js');

describe('tsukimi up (the real binary)', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-up-test-'));
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints each service as it becomes ready, then `ready`; on SIGINT stops them all and exits 0', async () => {
    const port = await freePort();
    const logDir = path.join(dir, 'logs');
    child = spawn(process.execPath, [BIN, 'up', '--port', String(port), '--prefill', '1', '--decode', '1', '--log-dir', logDir], {
      env: { ...process.env, TSUKIMI_CACHE_DIR: path.join(dir, 'cache') },
    });
    const up = new UpProcess(child);

    await up.waitForLine('ready', 45_000);
    expect(up.lines).toEqual(expect.arrayContaining([`OpenAI API at http://127.0.0.1:${port}/v1`, expect.stringMatching(/^model tsukimi-tiny-/)]));
    const pids = up.lines.flatMap((line) => /\bready\s+pid (\d+)/.exec(line)?.[1] ?? []).map(Number);
    expect(pids).toHaveLength(4);
    expect(fs.readdirSync(logDir).sort()).toEqual(['conductor.log', 'decode-0.log', 'kvpool-0.log', 'prefill-0.log', 'service-token']);
    expect(up.lines).toContain(`service token in ${path.join(logDir, 'service-token')} (scrape /metrics with Authorization: Bearer <it>)`);
    expect(fs.statSync(path.join(logDir, 'service-token')).mode & 0o777).toBe(0o600);
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200);

    child.kill('SIGINT');
    expect(await up.exitCode(30_000)).toBe(0);
    const stopped = up.lines.filter((line) => /^\S+\s+stopped \(exit code 0\)$/.test(line));
    expect(stopped.map((line) => line.split(/\s+/)[0])).toEqual(['conductor', expect.any(String), expect.any(String), 'kvpool-0']);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
