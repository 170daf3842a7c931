import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { type ServiceExit } from '../lifecycle/service-exit';

/** The workspace's TypeScript loader, so a service's `main.ts` runs as it does under `tsukimi up`. */
const REGISTER = path.resolve(__dirname, '../../../../tools/runtime/register.js');

export interface ServiceProcessOptions {
  /** The service's entry file: a `.ts` main (run through the workspace loader) or a `.js` file. */
  readonly entry: string;
  readonly args?: readonly string[];
  /** The child's environment; the parent's when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for `service started`; 30 s when absent. */
  readonly startTimeoutMs?: number;
  /**
   * Runs the child in a session of its own (setsid), as `tsukimi up` runs each service: with
   * Linux's autogroup scheduling it then has its own share of the CPU, as a Pod has its own cgroup,
   * instead of sharing one share with every process the parent's session started. Such a child is
   * not in the parent's process group: a signal to the group does not reach it, so kill it.
   */
  readonly ownSession?: boolean;
}

type LogLine = Readonly<Record<string, unknown>>;
interface Waiter {
  readonly msg: string;
  readonly resolve: (line: LogLine) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A service run as a real child process, for integration tests: started, waited on until it
 * logs `service started` (whose ports it reads), watched through its JSON log lines, and
 * stopped by a signal. Each test owns the processes it starts; call `kill()` in `afterEach`.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private readonly output: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private exit: ServiceExit | undefined;
  private readonly exited: Promise<ServiceExit>;
  private started: LogLine = {};

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    child.stderr.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const waiter of this.waiters) {
          waiter.reject(new Error(`service exited (${code ?? signal}) before "${waiter.msg}":\n${this.transcript()}`));
        }
        this.waiters.clear();
        resolve(this.exit);
      });
    });
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const loader = options.entry.endsWith('.ts') ? ['-r', REGISTER] : [];
    const child = spawn(process.execPath, [...loader, options.entry, ...(options.args ?? [])], {
      env: options.env,
      stdio: 'pipe',
      detached: options.ownSession === true,
    });
    const service = new ServiceProcess(child);
    try {
      service.started = await service.waitForLog('service started', options.startTimeoutMs ?? 30_000);
    } catch (error) {
      service.kill();
      throw error;
    }
    return service;
  }

  get httpPort(): number {
    return Number(this.started['httpPort']);
  }

  get grpcPort(): number | undefined {
    const port = this.started['grpcPort'];
    return typeof port === 'number' ? port : undefined;
  }

  /** The first log line with this `msg`, already written or still to come. */
  waitForLog(msg: string, timeoutMs = 10_000): Promise<LogLine> {
    const seen = this.logs.find((line) => line['msg'] === msg);
    if (seen) return Promise.resolve(seen);
    if (this.exit) return Promise.reject(new Error(`service has exited; no "${msg}":\n${this.transcript()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no "${msg}" log line within ${timeoutMs} ms:\n${this.transcript()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        msg,
        resolve: (line) => (clearTimeout(timer), resolve(line)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.waiters.add(waiter);
    });
  }

  /** Writes one line to the child's stdin. */
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  /** Resolves when the child exits; rejects (and kills it) after `timeoutMs`. */
  async waitForExit(timeoutMs = 30_000): Promise<ServiceExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(new Error(`service did not exit within ${timeoutMs} ms:\n${this.transcript()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL if still running: cleanup after a failed test. */
  kill(): void {
    this.signal('SIGKILL');
  }

  /** Everything the child wrote, for failure messages. */
  transcript(): string {
    return [...this.logs.map((line) => JSON.stringify(line)), ...this.output].join('\n');
  }

  private onLine(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      this.output.push(text);
      return;
    }
    this.logs.push(line);
    for (const waiter of this.waiters) {
      if (line['msg'] === waiter.msg) {
        this.waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}
