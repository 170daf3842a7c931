import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { freePort } from '../cluster/free-port';

const BIN = path.resolve(__dirname, '../../bin/tsukimi.js');

/** `tsukimi up` as a child process, its output collected line by line. */
class UpProcess {
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

describe('tsukimi up (the real binary)', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-up-test-'));
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints each service as it becomes ready, then `ready`; on SIGINT stops them all and exits 0', async () => {
    const port = await freePort();
    const logDir = path.join(dir, 'logs');
    child = spawn(process.execPath, [BIN, 'up', '--port', String(port), '--prefill', '1', '--decode', '1', '--log-dir', logDir], {
      env: { ...process.env, TSUKIMI_CACHE_DIR: path.join(dir, 'cache') },
    });
    const up = new UpProcess(child);

    await up.waitForLine('ready', 45_000);
    expect(up.lines).toEqual(expect.arrayContaining([`OpenAI API at http://127.0.0.1:${port}/v1`, expect.stringMatching(/^model tsukimi-tiny-/)]));
    const pids = up.lines.flatMap((line) => /\bready\s+pid (\d+)/.exec(line)?.[1] ?? []).map(Number);
    expect(pids).toHaveLength(4);
    expect(fs.readdirSync(logDir).sort()).toEqual(['conductor.log', 'decode-0.log', 'kvpool-0.log', 'prefill-0.log']);
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200);

    child.kill('SIGINT');
    expect(await up.exitCode(30_000)).toBe(0);
    const stopped = up.lines.filter((line) => /^\S+\s+stopped \(exit code 0\)$/.test(line));
    expect(stopped.map((line) => line.split(/\s+/)[0])).toEqual(['conductor', expect.any(String), expect.any(String), 'kvpool-0']);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
