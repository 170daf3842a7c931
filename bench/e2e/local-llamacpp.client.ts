import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { type LocalTtft, type LocalTtftResponse } from './local-llamacpp.protocol';
import { type LocalLlamaCppSettings } from './local-llamacpp.settings';

const REGISTER = path.resolve(__dirname, '../../tools/runtime/register.js');
const CHILD = path.resolve(__dirname, 'local-llamacpp.child.ts');

interface Waiter {
  resolve(value: LocalTtft): void;
  reject(error: Error): void;
}

/** The single-process llama.cpp TTFT baseline, in a child process of its own; one prompt at a time. */
export class LocalLlamaCpp {
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.on('exit', (code, signal) => {
      this.exited = new Error(`local llama.cpp exited (code ${code}, signal ${signal}): ${stderr.trim()}`);
      for (const waiter of this.waiters.values()) waiter.reject(this.exited);
      this.waiters.clear();
    });
  }

  /** Starts the child and resolves once it has answered a first, short prompt. */
  static async start(settings: LocalLlamaCppSettings): Promise<LocalLlamaCpp> {
    const child = spawn(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const local = new LocalLlamaCpp(child);
    await local.ttft('warm up');
    return local;
  }

  ttft(prompt: string): Promise<LocalTtft> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, prompt })}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await exited;
  }

  private onLine(line: string): void {
    const response = JSON.parse(line) as LocalTtftResponse;
    const waiter = this.waiters.get(response.id);
    if (!waiter) return;
    this.waiters.delete(response.id);
    if ('error' in response) waiter.reject(new Error(`local llama.cpp: ${response.error}`));
    else waiter.resolve(response);
  }
}
