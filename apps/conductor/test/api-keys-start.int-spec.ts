import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey } from '@tsukimi/conductor';
import { httpGet, ServiceProcess } from '@tsukimi/service-kit/testing';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const INSTANCES = ['--http-port', '0', '--prefill', '127.0.0.1:1', '--decode', '127.0.0.1:2'];

async function conductorExit(args: string[]): Promise<{ code: number; stderr: string; output: string }> {
  return promisify(execFile)(process.execPath, ['-r', REGISTER, MAIN, ...INSTANCES, ...args], { timeout: 30_000 }).then(
    () => ({ code: 0, stderr: '', output: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stderr: error.stderr, output: error.stdout + error.stderr }),
  );
}

describe('the conductor starting with and without API keys', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-keys-start-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to listen on 0.0.0.0 without keys unless told to, in one line naming the flags', async () => {
    const { code, stderr } = await conductorExit(['--host', '0.0.0.0']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'tsukimi-conductor: refusing to listen on 0.0.0.0 without API keys: give --api-keys-file, or --insecure-no-auth to accept every request and trust its x-tsukimi-tenant header\n',
    );
  });

  it('serves without keys on 0.0.0.0 with --insecure-no-auth', async () => {
    const conductor = await ServiceProcess.start({ entry: MAIN, args: ['--host', '0.0.0.0', '--insecure-no-auth', ...INSTANCES, '--grpc-port', '0'] });
    try {
      expect((await httpGet(conductor.httpPort, '/v1/models')).status).toBe(200);
    } finally {
      conductor.signal('SIGTERM');
      await conductor.waitForExit(20_000);
    }
  });

  it('refuses a keys file with a bad entry, naming the key path', async () => {
    const file = path.join(dir, 'keys.yaml');
    fs.writeFileSync(file, `keys:\n  - {hash: ${hashApiKey('tsk-a')}, tenant: a, seeRouting: yes-please}\n`);
    const { code, output } = await conductorExit(['--host', '0.0.0.0', '--api-keys-file', file]);
    expect(code).not.toBe(0);
    expect(output).toMatch(/apiKeysFile: .*keys\.yaml: keys\[0\]\.seeRouting: must be true or false/);
  });

  it('warns when it has keys but makes up its salt secret, and answers 401 without a key', async () => {
    const file = path.join(dir, 'good.yaml');
    fs.writeFileSync(file, `keys:\n  - {hash: ${hashApiKey('tsk-a')}, tenant: a}\n`);
    const conductor = await ServiceProcess.start({ entry: MAIN, args: ['--host', '127.0.0.1', '--api-keys-file', file, ...INSTANCES, '--grpc-port', '0'] });
    try {
      expect(conductor.logs.find((l) => l['msg'] === 'cache salt secret generated for this process')).toMatchObject({ level: 'warn' });
      expect((await httpGet(conductor.httpPort, '/v1/models')).status).toBe(401);
    } finally {
      conductor.signal('SIGTERM');
      await conductor.waitForExit(20_000);
    }
  });
});
