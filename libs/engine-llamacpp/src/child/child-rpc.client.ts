import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ANSWER_PREFIX, type ChildRpcAnswer, type ChildRpcCall, jsonLine } from './child-rpc.protocol';

const REGISTER = path.resolve(__dirname, '../../../../tools/runtime/register.js');
/** How much of the child's stderr the exit error carries: enough for a stack trace and llama.cpp's last words. */
const STDERR_TAIL_CHARS = 4000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * Calls into a TypeScript child process over JSON lines on its stdio (the child runs
 * `serveChildRpc`). node-llama-cpp lives in such children because it cannot load under jest, and
 * so that a crash in llama.cpp takes down the child, not the caller. Calls may overlap; the child
 * answers them in order.
 */
export class ChildRpc<Request> {
  private readonly pending = new Map<number, Pending>();
  private readonly exit: Promise<void>;
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly name: string,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    // A write to a child that has died fails with EPIPE; the exit below rejects that call.
    child.stdin.on('error', () => undefined);
    this.exit = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.fail(new Error(`${name} exited (code ${code}, signal ${signal}): ${stderr.trim()}`));
        resolve();
      });
      child.on('error', (error) => {
        this.fail(new Error(`${name} failed to run: ${error.message}`));
        resolve();
      });
    });
  }

  /** Starts `node -r register.js script ...args`; `name` prefixes every error this client raises. */
  static spawn<Request>(script: string, args: readonly string[], name: string): ChildRpc<Request> {
    const child = spawn(process.execPath, ['-r', REGISTER, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new ChildRpc<Request>(child, name);
  }

  /** Resolves with the child's result for `request`, or rejects with its error, or with the exit error if the child dies first. */
  call<T>(request: Request): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    const line: ChildRpcCall<Request> = { id, request };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.child.stdin.write(jsonLine(line));
    });
  }

  /** Ends the child's stdin, which its serve loop takes as the signal to dispose and exit, and waits for the exit. */
  async close(): Promise<void> {
    if (!this.exited) this.child.stdin.end();
    await this.exit;
  }

  private fail(error: Error): void {
    this.exited ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.exited);
    this.pending.clear();
  }

  private onLine(line: string): void {
    if (!line.startsWith(ANSWER_PREFIX)) return;
    const answer = JSON.parse(line) as ChildRpcAnswer;
    const waiter = this.pending.get(answer.id);
    if (!waiter) return;
    this.pending.delete(answer.id);
    if ('error' in answer) waiter.reject(new Error(`${this.name}: ${answer.error}`));
    else waiter.resolve(answer.result);
  }
}
