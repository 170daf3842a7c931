import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type ExitCleanup } from './bench-cleanup';

const root = join(__dirname, '..', '..');
const REGISTER = 'tools/runtime/register.js';

/** A benchmark server in its own process. */
export interface BenchChild {
  readonly port: number;
  /** The process that does the serving (for redis, redis-server itself), for CPU accounting. */
  readonly pid: number;
  /** Closes its stdin (it exits on that) and waits for it to go, killing it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts `script` (a .ts file beside this one) and resolves once it printed `{"port":N}` (or `{"port":N,"pid":M}` when
 * another process does the serving). Every
 * child exits when its stdin closes, so it also goes when this process dies without cleaning up;
 * `cleanup` kills it on every other way out.
 */
export function startBenchChild(cleanup: ExitCleanup, script: string, args: readonly (string | number)[], startTimeoutMs = 60_000): Promise<BenchChild> {
  // The benchmark's own node flags (e.g. --cpu-prof) apply to its servers too, the TypeScript loader among them.
  const loader = process.execArgv.some((arg) => arg.endsWith(REGISTER)) ? [] : ['-r', `./${REGISTER}`];
  const child = spawn(process.execPath, [...process.execArgv, ...loader, join(__dirname, script), ...args.map(String)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // SIGTERM, not SIGKILL: the redis child must get to stop redis-server on its way out.
  const forget = cleanup.add(() => child.kill('SIGTERM'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(forget);
  const stop = async (timeoutMs = 10_000): Promise<void> => {
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
    // Node flags such as --trace-gc may print to stdout as well: wait for the line that is ours.
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('{"port":')) return;
      lines.removeAllListeners('line');
      clearTimeout(timer);
      const { port, pid } = JSON.parse(line) as { port: number; pid?: number };
      resolve({ port, pid: pid ?? child.pid ?? 0, stop });
    });
  });
}
