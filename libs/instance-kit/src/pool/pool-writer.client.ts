import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type BlockKey, copyBlockBytes } from '@tsukimi/kv-block';
import { err, type Result } from '@tsukimi/result';
import { type FetchedBlock, type FetchOptions, type KvPoolClient, type NodeRead, type PartedStore, type PoolFailure, type StoreOptions, type StoreReport } from '@tsukimi/serving';
import { type BlockToWrite, type TransferObserver } from '@tsukimi/transfer';
import { type PoolWriterAsk, type PoolWriterSettings, type PoolWriterTell } from './pool-writer.protocol';

// The thread runs the code as this process does: the compiled JavaScript beside this file, or the
// workspace's TypeScript through the same require hook.
const COMPILED = __filename.endsWith('.js');
const REGISTER = path.resolve(__dirname, '../../../../tools/runtime/register.js');
const THREAD = path.resolve(__dirname, COMPILED ? 'pool-writer.thread.js' : 'pool-writer.thread.ts');
const THREAD_SOURCE = `${COMPILED ? '' : `require(${JSON.stringify(REGISTER)}); `}require(${JSON.stringify(THREAD)});`;
const CLOSE_WAIT_MS = 5_000;

type Answer = Result<StoreReport, PoolFailure> | undefined;

export interface PoolWriterClientOptions extends PoolWriterSettings {
  /** Told of every data-plane batch the writer thread makes, as the owner's own transport would tell it. */
  readonly transfers: TransferObserver;
  /** The thread took a change of the service token file (it reads the file itself). */
  readonly onTokensReloaded?: (tokenCount: number) => void;
}

/**
 * The pool as a prefill instance that computes on its own thread uses it: fresh blocks (a fresh
 * store, a store in parts) are exported here, a copy, and handed to a pool-writer thread with
 * their buffers transferred; that thread makes the put calls and the data-plane writes on its own
 * pool client, so they run beside the compute rather than at its yields. Reads, and stores that
 * first ask which blocks the pool holds, go through `reader` on this thread.
 *
 * The bytes `read` answers for a block stored through the thread are handed over: the caller must
 * not read them afterwards (an engine's export is a fresh copy of its own).
 */
export class PoolWriterClient implements KvPoolClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  private nextId = 0;
  private gone: string | undefined;
  private readonly exited: Promise<void>;

  constructor(
    private readonly reader: KvPoolClient,
    options: PoolWriterClientOptions,
  ) {
    const settings: PoolWriterSettings = { masters: options.masters, timeoutMs: options.timeoutMs, serviceTokenFile: options.serviceTokenFile };
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: settings });
    // The process's own servers keep it alive; the thread alone must not.
    this.worker.unref();
    this.worker.on('message', (tell: PoolWriterTell) => {
      if (tell.kind === 'transfer') options.transfers.onTransfer(tell.done);
      else if (tell.kind === 'transfer-failed') options.transfers.onTransferFailed(tell.failed);
      else if (tell.kind === 'tokens-reloaded') options.onTokensReloaded?.(tell.tokenCount);
      else this.settle(tell.id, tell.result);
    });
    this.worker.on('error', (error) => this.fail(`pool writer thread failed: ${error.message}`));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve(this.fail('pool writer thread ended'))));
  }

  fetchPrefix(keys: readonly BlockKey[], options?: FetchOptions): Promise<Result<FetchedBlock[], PoolFailure>> {
    return this.reader.fetchPrefix(keys, options);
  }

  fetchFrom(node: string, keys: readonly BlockKey[]): Promise<Result<NodeRead, PoolFailure>> {
    return this.reader.fetchFrom(node, keys);
  }

  store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined, options: StoreOptions = {}): Promise<Result<StoreReport, PoolFailure>> {
    if (!options.fresh || keys.length === 0) return this.reader.store(keys, read, options);
    return this.stored((id) => ({ kind: 'store', id, keys, blocks: exportAll(keys, read) }));
  }

  storeInParts(keys: readonly BlockKey[]): PartedStore {
    const partsId = this.nextId++;
    this.post({ kind: 'open-parts', partsId, keys });
    return {
      store: (part, read) => this.stored((id) => ({ kind: 'part', id, partsId, keys: part, blocks: exportAll(part, read) })),
      close: async () => void (await this.ask((id) => ({ kind: 'close-parts', id, partsId }))),
    };
  }

  /** Ends the writer thread once it has released its connections; asks still unanswered fail. */
  async close(): Promise<void> {
    if (this.gone === undefined) this.post({ kind: 'close' });
    const deadline = new Promise<'late'>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS, 'late').unref());
    if ((await Promise.race([this.exited.then(() => 'ended' as const), deadline])) === 'late') await this.worker.terminate();
  }

  private async stored(ask: (id: number) => PoolWriterAsk): Promise<Result<StoreReport, PoolFailure>> {
    return (await this.ask(ask)) ?? err({ kind: 'pool-error', message: 'pool writer thread gave no report' });
  }

  private ask(build: (id: number) => PoolWriterAsk): Promise<Answer> {
    if (this.gone !== undefined) return Promise.resolve(err({ kind: 'pool-unavailable', message: this.gone }));
    const id = this.nextId++;
    const answered = new Promise<Answer>((resolve) => this.waiting.set(id, resolve));
    this.post(build(id));
    return answered;
  }

  private post(ask: PoolWriterAsk): void {
    const blocks = 'blocks' in ask ? ask.blocks : [];
    this.worker.postMessage(ask, [...new Set(blocks.map((b) => b.bytes.buffer as ArrayBuffer))]);
  }

  private settle(id: number, answer: Answer): void {
    this.waiting.get(id)?.(answer);
    this.waiting.delete(id);
  }

  private fail(reason: string): void {
    this.gone ??= reason;
    for (const id of [...this.waiting.keys()]) this.settle(id, err({ kind: 'pool-unavailable', message: reason }));
  }
}

/** Each block's bytes, in a buffer of its own so it can be transferred; blocks whose bytes are gone are left out. */
function exportAll(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined): BlockToWrite[] {
  const blocks: BlockToWrite[] = [];
  for (const key of keys) {
    const bytes = read(key);
    if (!bytes) continue;
    const ownsBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    blocks.push({ key, bytes: ownsBuffer ? bytes : copyBlockBytes(bytes) });
  }
  return blocks;
}
