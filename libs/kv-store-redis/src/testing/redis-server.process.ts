import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '@tsukimi/service-kit/testing';

export interface RedisServerOptions {
  /** The server binary; `redis-server` from PATH when absent. */
  readonly binary?: string;
  /** How long to wait for PING to answer; 10 000 ms when absent. */
  readonly startTimeoutMs?: number;
  /** The port, e.g. to restart a killed server where its clients reconnect; a free one when absent. */
  readonly port?: number;
}

const HOST = '127.0.0.1';
const START_ATTEMPTS = 3;

/**
 * A throwaway `redis-server` for integration tests: on a free loopback port, with no persistence,
 * ready once it answers PING. Each test file owns the servers it starts: `stop()` in `afterAll`.
 * `kill()` is a crash (SIGKILL), for failover tests.
 */
export class RedisServerProcess {
  private readonly exited: Promise<void>;
  private gone = false;
  private spawnError: NodeJS.ErrnoException | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly output: string[],
  ) {
    // A binary that cannot be run emits 'error' and may never emit 'exit'.
    this.exited = new Promise((resolve) => {
      const end = () => {
        this.gone = true;
        resolve();
      };
      child.once('exit', end);
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.spawnError = error;
        end();
      });
    });
  }

  /** Starts a server; throws, saying how to install one, when `redis-server` cannot be run. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServerProcess> {
    const binary = options.binary ?? 'redis-server';
    const startTimeoutMs = options.startTimeoutMs ?? 10_000;
    let transcript = '';
    // Another process may take the free port between our probe and the server's bind: try another.
    const attempts = options.port === undefined ? START_ATTEMPTS : 1;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const port = options.port ?? (await freePort());
      const output: string[] = [];
      const child = spawn(binary, ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      const server = new RedisServerProcess(child, port, output);
      if (await server.waitForPing(startTimeoutMs)) return server;
      await server.kill();
      if (server.spawnError?.code === 'ENOENT') {
        throw new Error(`${binary} not found on PATH: the Redis integration tests need a Redis server (apt-get install -y redis-server)`);
      }
      if (server.spawnError !== undefined) throw new Error(`${binary} could not be started: ${server.spawnError.message}`);
      transcript = output.join('');
    }
    throw new Error(`${binary} did not answer PING after ${attempts} attempt(s):\n${transcript}`);
  }

  get url(): string {
    return `redis://${HOST}:${this.port}`;
  }

  /** Graceful shutdown (SIGTERM), SIGKILL if it lingers; resolves once the process is gone. */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.exited, late]);
    clearTimeout(timer);
    await this.kill();
  }

  /** A crash: SIGKILL, resolving once the process is gone. */
  async kill(): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Everything the server wrote, for failure messages. */
  transcript(): string {
    return this.output.join('');
  }

  /** True once PING answers; false at the deadline or when the process ends first. */
  private async waitForPing(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.gone && Date.now() < deadline) {
      if (await ping(this.port)) return true;
      // Refused connects come back at once: pace the polling a little.
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    return false;
  }
}

/** One PING over a raw connection: true on `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let reply = '';
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
