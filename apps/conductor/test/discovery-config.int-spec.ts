import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');

async function conductorFails(args: string[]): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, ['-r', REGISTER, MAIN, '--host', '127.0.0.1', '--http-port', '0', ...args], { timeout: 30_000 }).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('conductor discovery settings', () => {
  it.each([
    ['static discovery without prefill addresses under --disaggregation always', ['--decode', '127.0.0.1:2', '--disaggregation', 'always'], 'prefill: static discovery with --disaggregation always needs at least one address'],
    ['static discovery without decode addresses', ['--prefill', '127.0.0.1:1'], 'decode: static discovery needs at least one address'],
    ['an unknown discovery', ['--discovery', 'consul'], '--discovery'],
    ['a port that is neither a number nor a port name', ['--discovery', 'kubernetes', '--instance-grpc-port', 'GRPC!'], '--instance-grpc-port'],
    ['a master port that is neither a number nor a port name', ['--discovery', 'kubernetes', '--kvpool-grpc-port', 'GRPC!'], '--kvpool-grpc-port'],
  ])('refuses %s at start, naming the key', async (_, args, expected) => {
    const { code, output } = await conductorFails(args);
    expect(code).not.toBe(0);
    expect(output).toContain(expected);
  });
});
