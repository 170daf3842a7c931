import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const BASE = ['--host', '127.0.0.1', '--http-port', '0', '--prefill', '127.0.0.1:1', '--decode', '127.0.0.1:2'];

async function conductorFails(args: string[]): Promise<{ code: number; output: string }> {
  const run = await promisify(execFile)(process.execPath, ['-r', REGISTER, MAIN, ...BASE, ...args], { timeout: 30_000 }).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
  return run;
}

/** Flags the schema refuses, each with what it is: the conductor names every one of them, a line each. */
const REFUSED_FLAGS: readonly [string, string[], string][] = [
  ['an unknown policy', ['--policy', 'fastest'], '--policy'],
  ['an unknown disaggregation mode', ['--disaggregation', 'sometimes'], '--disaggregation'],
  ['a negative local prefill bound', ['--max-local-prefill-tokens', '-1'], '--max-local-prefill-tokens'],
  ['fewer than one holder of a hot prefix', ['--warm-copies', '0'], '--warm-copies'],
  ['a hot-prefix window under 100 ms', ['--hot-prefix-window-ms', '50ms'], '--hot-prefix-window-ms'],
  ['a wait-for-inflight-prefix rule neither true nor false', ['--wait-for-inflight-prefix=maybe'], '--wait-for-inflight-prefix'],
  ['an in-flight wait bound of zero', ['--inflight-wait-max-ms', '0'], '--inflight-wait-max-ms'],
  ['a Redis URL for tenant limits that is not one', ['--redis-url', 'http://127.0.0.1:6379'], '--redis-url'],
];

describe('conductor configuration', () => {
  // One start given every refused flag: the conductor reports them all before it exits, so each
  // case below reads its own line from that one run rather than paying for a start of its own.
  let refused: { code: number; output: string };
  beforeAll(async () => {
    refused = await conductorFails(REFUSED_FLAGS.flatMap(([, args]) => args));
  });

  it.each(REFUSED_FLAGS)('refuses %s at start, naming the flag', (_name, _args, flag) => {
    expect(refused.code).toBe(2);
    expect(refused.output.split('\n').filter((line) => line.startsWith(`invalid config: ${flag}: `))).toHaveLength(1);
  });

  it('refuses an engine profile it cannot read or parse, naming the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-profile-'));
    try {
      const missing = await conductorFails(['--engine-profile', path.join(dir, 'none.json')]);
      expect(missing.code).not.toBe(0);
      expect(missing.output).toContain('engineProfile');
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ engine: 'x', blockSizeTokens: 16, blockBytes: 1, prefill: { baseMs: 'fast' } }));
      const broken = await conductorFails(['--engine-profile', bad]);
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(/engineProfile: .*bad.json: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a tenant limits file with a key it does not know, naming the option and the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-tenant-limits-'));
    try {
      const file = path.join(dir, 'limits.json');
      fs.writeFileSync(file, JSON.stringify({ tenants: { acme: { rpm: 60 } } }));
      const { code, output } = await conductorFails(['--tenant-limits-file', file]);
      expect(code).not.toBe(0);
      expect(output).toContain(`tenantLimitsFile: ${file}: tenants.acme.rpm: unknown key`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a scheduler profile naming a plugin it does not know, naming the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-scheduler-profile-'));
    try {
      const file = path.join(dir, 'profile.json');
      fs.writeFileSync(file, JSON.stringify({ prefill: { scorers: [{ type: 'fastest' }], picker: { type: 'max-score' } }, decode: { picker: { type: 'round-robin' } } }));
      const { code, output } = await conductorFails(['--scheduler-profile', file]);
      expect(code).not.toBe(0);
      expect(output).toMatch(/schedulerProfile: .*profile\.json: prefill\.scorers\[0\]\.type: unknown plugin type \W*fastest/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
