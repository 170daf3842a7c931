import { spawn } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/tsukimi.js');

/** How a `tsukimi` run ended, as a user's shell sees it. */
export interface TsukimiRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tsukimi <args>` as a child process, to its exit; its stdin gets `stdin` (nothing when absent) and is closed. */
export function runTsukimi(args: readonly string[], stdin = ''): Promise<TsukimiRun> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
