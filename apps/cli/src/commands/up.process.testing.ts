import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { SERVICE_TOKEN_FILE } from '../cluster/service-token.file';

const BIN = path.resolve(__dirname, '../../bin/tsukimi.js');

/** A service's `/metrics` as the cluster `tsukimi up --log-dir logDir` started serves it: with the token it wrote there. */
export async function scrapeMetrics(httpPort: number, logDir: string): Promise<string> {
  const token = fs.readFileSync(path.join(logDir, SERVICE_TOKEN_FILE), 'utf8').trim();
  const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /metrics on port ${httpPort} answered ${response.status}`);
  return response.text();
}

/** `tsukimi up` as a child process, its output collected line by line. */
export class UpProcess {
  readonly lines: string[] = [];
  private readonly stderr: string[] = [];
  private readonly closed: Promise<number | null>;
  private onLine: () => void = () => undefined;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.onLine();
    });
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.closed = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  /** Resolves once a stdout line equals `line`; rejects if the process ends first or the time runs out. */
  async waitForLine(line: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<void>((resolve) => {
      this.onLine = () => this.lines.includes(line) && resolve();
      this.onLine();
    });
    const failed = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no "${line}" line within ${timeoutMs} ms:\n${this.transcript()}`)), timeoutMs);
      void this.closed.then((code) => reject(new Error(`tsukimi up exited (${code}) before "${line}":\n${this.transcript()}`)));
    });
    try {
      await Promise.race([seen, failed]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The exit code, once stdout and stderr are read to their end. */
  async exitCode(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`tsukimi up did not exit within ${timeoutMs} ms:\n${this.transcript()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private transcript(): string {
    return [...this.lines, ...this.stderr].join('\n');
  }
}

/**
 * Registers a fresh directory per test and, after it, stops the `tsukimi up` the test started
 * (SIGINT, then SIGKILL past 30 s) and removes the directory. `start` spawns `tsukimi up` with
 * its cache in that directory, and `env` added to its environment (which its services inherit).
 */
export function upEachTest(prefix: string): { dir: () => string; start: (args: readonly string[], env?: NodeJS.ProcessEnv) => UpProcess } {
  let dir = '';
  let up: UpProcess | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    const child = up?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await up!.exitCode(30_000).catch(() => child.kill('SIGKILL'));
    }
    up = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    start: (args, env = {}) => {
      const child = spawn(process.execPath, [BIN, 'up', ...args], { env: { ...process.env, ...env, TSUKIMI_CACHE_DIR: path.join(dir, 'cache') } });
      up = new UpProcess(child);
      return up;
    },
  };
}
