import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type PlainReadAsk, type PlainReadSettings, type PlainReadTell } from './plain-read.protocol';

const REGISTER = path.resolve(__dirname, '../../tools/runtime/register.js');
const THREAD_SOURCE = `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(path.resolve(__dirname, 'plain-read.thread.ts'))});`;

/**
 * The plain read spread over worker threads: each request in flight owns one slot of memory
 * shared with the threads, reused for every file it reads; each read goes to the thread with the
 * fewest reads outstanding, which opens the file, reads it whole with synchronous positioned
 * reads into that slot and closes it. No checksum: the read alone.
 */
export class PlainReadThreads {
  private readonly workers: Worker[];
  private readonly outstanding: number[];
  private readonly memory: Uint8Array;
  private readonly waiting = new Map<number, (tell: PlainReadTell) => void>();
  private nextId = 0;

  constructor(
    threads: number,
    slots: number,
    private readonly slotBytes: number,
  ) {
    const settings: PlainReadSettings = { memory: new SharedArrayBuffer(slots * slotBytes), slotBytes };
    this.memory = new Uint8Array(settings.memory);
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: settings });
      worker.unref();
      worker.on('message', (tell: PlainReadTell) => this.settle(tell));
      worker.on('error', (error) => this.failAll(`plain-read thread failed: ${error.message}`));
      return worker;
    });
    this.outstanding = this.workers.map(() => 0);
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Reads `file` whole into `slot`; resolves to the bytes read. `consume` sees them before the slot's next read. */
  async read(file: string, slot: number, consume?: (bytes: Uint8Array) => void): Promise<number> {
    const pick = this.outstanding.indexOf(Math.min(...this.outstanding));
    const ask: PlainReadAsk = { id: this.nextId++, path: file, slot };
    this.outstanding[pick] = (this.outstanding[pick] ?? 0) + 1;
    const tell = await new Promise<PlainReadTell>((resolve) => {
      this.waiting.set(ask.id, resolve);
      this.workers[pick]?.postMessage(ask);
    });
    this.outstanding[pick] = (this.outstanding[pick] ?? 1) - 1;
    if ('failed' in tell) throw new Error(`plain read of ${file} failed: ${tell.failed}`);
    consume?.(this.memory.subarray(slot * this.slotBytes, slot * this.slotBytes + tell.filled));
    return tell.filled;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.failAll('plain-read threads closed');
  }

  private settle(tell: PlainReadTell): void {
    const resolve = this.waiting.get(tell.id);
    this.waiting.delete(tell.id);
    resolve?.(tell);
  }

  private failAll(reason: string): void {
    for (const id of [...this.waiting.keys()]) this.settle({ id, failed: reason });
  }
}
