import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { type ScaleError, type ScalePort, type ScaleState, type ScaleTarget } from '@tsukimi/planner';
import { type Result } from '@tsukimi/result';
import { type PodDeletionCostPort } from '../src/planner/pod-deletion-cost.port';

const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const PROCESS = path.resolve(__dirname, 'scale-adapter-process.ts');
const CALL_TIMEOUT_MS = 30_000;

/**
 * A ScalePort (and PodDeletionCostPort) whose every call runs in `scale-adapter-process.ts`, i.e.
 * the real KubernetesScale and KubernetesPodDeletionCost doing real HTTP; this side only relays the
 * calls and their results.
 */
export class ScaleAdapterClient implements ScalePort, PodDeletionCostPort {
  private nextId = 0;
  private readonly pending = new Map<number, (result: Result<never, ScaleError>) => void>();

  private constructor(private readonly child: ChildProcess, private readonly dir: string) {}

  static async start(kubeconfig: string, namespace: string): Promise<ScaleAdapterClient> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-scale-'));
    fs.writeFileSync(path.join(dir, 'kubeconfig'), kubeconfig);
    const child = spawn(process.execPath, ['-r', REGISTER, PROCESS, namespace], { env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig') }, stdio: ['pipe', 'pipe', 'inherit'] });
    const client = new ScaleAdapterClient(child, dir);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the scale adapter process did not start')), CALL_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`the scale adapter process exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; id?: number; result?: Result<never, ScaleError> };
        if (message.ready) {
          clearTimeout(timer);
          resolve();
        } else if (message.id !== undefined && message.result) {
          client.pending.get(message.id)?.(message.result);
          client.pending.delete(message.id);
        }
      });
    });
    return client;
  }

  read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>> {
    return this.call({ op: 'read', target });
  }

  write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>> {
    return this.call({ op: 'write', target, replicas });
  }

  mark(pods: readonly string[]): Promise<Result<void, ScaleError>> {
    return this.call({ op: 'mark', pods });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private call<T>(body: object): Promise<Result<T, ScaleError>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scale call ${JSON.stringify(body)} got no answer`)), CALL_TIMEOUT_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }
}
