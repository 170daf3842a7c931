import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const CALL_TIMEOUT_MS = 30_000;

/**
 * A child process that runs real Kubernetes adapters (client-node is an ES module that jest's
 * module system cannot load) and answers JSON-line calls: `{id, ...call}` on its stdin, `{id,
 * result}` on its stdout, `{ready: true}` once started. KUBECONFIG in the child names `kubeconfig`.
 */
export class AdapterProcess {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly child: ChildProcess, private readonly dir: string) {}

  /** Starts `script` (a path beside this file) with `args`, and waits for it to say it is ready. */
  static async start(script: string, kubeconfig: string, args: readonly string[]): Promise<AdapterProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-adapter-'));
    fs.writeFileSync(path.join(dir, 'kubeconfig'), kubeconfig);
    const child = spawn(process.execPath, ['-r', REGISTER, path.resolve(__dirname, script), ...args], { env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig') }, stdio: ['pipe', 'pipe', 'inherit'] });
    const relay = new AdapterProcess(child, dir);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not start`)), CALL_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; id?: number; result?: unknown };
        if (message.ready) {
          clearTimeout(timer);
          resolve();
        } else if (message.id !== undefined) {
          relay.pending.get(message.id)?.(message.result);
          relay.pending.delete(message.id);
        }
      });
    });
    return relay;
  }

  /** Sends one call and resolves with the child's result, or rejects when none comes in time. */
  call<T>(body: object): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`adapter call ${JSON.stringify(body)} got no answer`)), CALL_TIMEOUT_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      this.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
