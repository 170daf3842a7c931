import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..');

/** A benchmark server in its own process. */
export interface BenchChild {
  readonly port: number;
  /** Closes its stdin (it exits on that) and waits for it to go, killing it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts `script` (a .ts file beside this one) and resolves once it printed `{"port":N}`. */
export function startBenchChild(script: string, args: readonly (string | number)[], startTimeoutMs = 120_000): Promise<BenchChild> {
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/runtime/register.js', join(__dirname, script), ...args.map(String)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        port,
        stop: async (timeoutMs = 10_000) => {
          child.stdin?.end();
          const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
