import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { type HostRequest, type HostResponse } from './engine-host.protocol';

const REGISTER = path.resolve(__dirname, '../../../../../tools/runtime/register.js');
const MAIN = path.resolve(__dirname, 'engine-host.main.ts');

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** A value the engine returned as a `Result`, carried over the process boundary. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly kind: string } & Record<string, unknown> };

/** Drives LlamaCppEngine instances living in a child process (see engine-host.main.ts). */
export class EngineHost {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`engine host exited (code ${code}, signal ${signal}): ${stderr.trim()}`);
      for (const waiter of this.pending.values()) waiter.reject(this.exited);
      this.pending.clear();
    });
  }

  static start(): EngineHost {
    return new EngineHost(spawn(process.execPath, ['-r', REGISTER, MAIN], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  call<T>(request: HostRequest): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ id, request })}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await exited;
  }

  private onLine(line: string): void {
    // llama.cpp writes its own log lines to stdout once a disposed Llama has taken node-llama-cpp's log callback with it.
    if (!line.startsWith('{"id":')) return;
    const response = JSON.parse(line) as HostResponse;
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    if ('error' in response) waiter.reject(new Error(`engine host: ${response.error}`));
    else waiter.resolve(response.result);
  }
}
