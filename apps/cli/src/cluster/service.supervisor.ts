import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { err, ok, type Result } from '@tsukimi/result';
import { type ServiceExit } from '@tsukimi/service-kit';
import { type ServiceSpec } from './cluster.plan';
import { LineTail } from './line-tail';

/** The ports a service reported in its `service started` log line. */
export interface StartedPorts {
  readonly httpPort: number;
  readonly grpcPort: number | undefined;
  readonly dataPort: number | undefined;
  /** The instance the line is about, in a process hosting several. */
  readonly instanceId: string | undefined;
}

export type StartFailure =
  | { readonly kind: 'exited'; readonly exit: ServiceExit }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

export interface SupervisorOptions {
  readonly root: string;
  readonly logDir: string;
  readonly env: NodeJS.ProcessEnv;
}

const TAIL_LINES = 20;

/**
 * One service run as a child process: its output goes to `<logDir>/<name>.log` (and the last
 * lines stay in memory for failure reports), its ports come from its `service started` line.
 * Children get their own process group, so a Ctrl-C at the terminal reaches only the
 * launcher, which then stops them in order.
 */
export class SupervisedService {
  readonly logFile: string;
  readonly exited: Promise<ServiceExit>;
  private exit: ServiceExit | undefined;
  private readonly ports: StartedPorts[] = [];
  /** `service started` lines to expect: one per hosted instance, else one. */
  private readonly expectedStarts: number;
  private dataPort: number | undefined;
  private readonly tail = new LineTail(TAIL_LINES);
  private readonly log: fs.WriteStream;
  private readonly onStarted = new Set<() => void>();

  private constructor(
    readonly spec: ServiceSpec,
    private readonly child: ChildProcess,
    logDir: string,
  ) {
    this.logFile = path.join(logDir, `${spec.name}.log`);
    this.expectedStarts = spec.instanceIds?.length ?? 1;
    this.log = fs.createWriteStream(this.logFile, { flags: 'a' });
    // A log file that cannot be written must not take the service down; the tail still has the last lines.
    this.log.on('error', () => undefined);
    const streamsClosed = [child.stdout, child.stderr].map((stream) => {
      if (!stream) return Promise.resolve();
      const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => this.onLine(line));
      return new Promise<void>((resolve) => lines.once('close', resolve));
    });
    const exitSeen = new Promise<ServiceExit>((resolve) => {
      child.once('error', (error) => {
        this.onLine(`failed to start: ${error.message}`);
        resolve({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.exited = exitSeen.then(async (exit) => {
      await Promise.all(streamsClosed);
      this.exit = exit;
      await new Promise<void>((resolve) => this.log.end(resolve));
      return exit;
    });
  }

  static spawn(spec: ServiceSpec, options: SupervisorOptions): SupervisedService {
    const register = path.join(options.root, 'tools/runtime/register.js');
    const child = spawn(process.execPath, ['-r', register, path.join(options.root, spec.entry), ...spec.args], {
      cwd: options.root,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new SupervisedService(spec, child, options.logDir);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Waits for `service started` from every instance the process hosts (one line for a plain
   * service), in the order they came; a service that exits or stays silent first is a failure.
   */
  async started(timeoutMs: number): Promise<Result<readonly StartedPorts[], StartFailure>> {
    if (this.ports.length === this.expectedStarts) return ok(this.ports);
    let timer: NodeJS.Timeout | undefined;
    let listener: (() => void) | undefined;
    const outcome = await Promise.race([
      new Promise<Result<readonly StartedPorts[], StartFailure>>((resolve) => {
        listener = () => {
          if (this.ports.length === this.expectedStarts) resolve(ok(this.ports));
        };
        this.onStarted.add(listener);
      }),
      this.exited.then((exit): Result<readonly StartedPorts[], StartFailure> => err({ kind: 'exited', exit })),
      new Promise<Result<readonly StartedPorts[], StartFailure>>((resolve) => {
        timer = setTimeout(() => resolve(err({ kind: 'timeout', timeoutMs })), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (listener) this.onStarted.delete(listener);
    return outcome;
  }

  /** The last lines the service wrote, for failure reports. */
  lastLines(): readonly string[] {
    return this.tail.lines();
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs: number): Promise<ServiceExit & { readonly killed: boolean }> {
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const killed = (await Promise.race([this.exited.then(() => false), late])) === true;
    clearTimeout(timer);
    if (killed) this.signal('SIGKILL');
    return { ...(await this.exited), killed };
  }

  /** Sends a signal to the child if it still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  private onLine(line: string): void {
    this.log.write(`${line}\n`);
    this.tail.push(line);
    if (this.ports.length === this.expectedStarts) return;
    const record = logRecord(line);
    if (typeof record?.['dataPort'] === 'number') this.dataPort = record['dataPort'];
    const ports = record && startedPorts(record);
    if (!ports) return;
    this.ports.push({ ...ports, dataPort: ports.dataPort ?? this.dataPort });
    for (const listener of this.onStarted) listener();
  }
}

type LogRecord = Readonly<Record<string, unknown>>;

function logRecord(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const record: unknown = JSON.parse(line);
    return typeof record === 'object' && record !== null ? (record as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ports of a `service started` log record; undefined for any other record. A data-plane
 * port logged earlier (kvpool logs it when its listener is up) is added by the caller.
 */
export function startedPorts(record: LogRecord): StartedPorts | undefined {
  if (record['msg'] !== 'service started' || typeof record['httpPort'] !== 'number') return undefined;
  const port = (key: string) => (typeof record[key] === 'number' ? record[key] : undefined);
  const instanceId = typeof record['instanceId'] === 'string' ? record['instanceId'] : undefined;
  return { httpPort: record['httpPort'], grpcPort: port('grpcPort'), dataPort: port('dataPort'), instanceId };
}
