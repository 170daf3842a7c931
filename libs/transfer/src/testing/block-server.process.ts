import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Endpoint } from '../endpoint';

const root = join(__dirname, '../../../..');

/** A `block-server.child.ts` process and how to reach it. */
export interface ChildServer {
  readonly child: ChildProcess;
  readonly endpoint: Endpoint;
  /** Resolves when the child's store sees its first read. */
  readonly reading: Promise<void>;
  readonly exited: Promise<void>;
}

/** Starts a transfer server in its own process serving `count` test blocks; resolves once it listens. */
export function startBlockServerProcess(nodeId: string, count: number, payloadBytes: number, firstSeed: number): Promise<ChildServer> {
  const child = spawn(process.execPath, ['-r', './tools/runtime/register.js', join(__dirname, 'block-server.child.ts'), String(count), String(payloadBytes), String(firstSeed)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let onReading: () => void = () => undefined;
  const reading = new Promise<void>((resolve) => (onReading = resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`block server exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'reading') onReading();
      else resolve({ child, endpoint: { nodeId, host: '127.0.0.1', port: (JSON.parse(line) as { port: number }).port }, reading, exited });
    });
  });
}
