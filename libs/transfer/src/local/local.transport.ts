import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockReadOutcome, type BlockWriteOutcome } from '../block-store.port';
import { type Endpoint } from '../endpoint';
import { type TransferError } from '../transfer.error';
import { type BlockToWrite, type KeyReadOutcome, type KeyWriteOutcome, type TransferOptions, type Transport } from '../transport.port';
import { type LocalNode, type LocalNodeRegistry } from './local-node.registry';

type Outcome<T> = Result<T, TransferError>;

/**
 * Serves requests from nodes registered in this process, without sockets. Same results as tcp:
 * the caller gets copies of the bytes and the store gets its own copy of written blocks, an
 * unknown node is `connection-refused`, an aborted node `connection-lost`, a slow store `timeout`.
 */
export class LocalTransport implements Transport {
  readonly kind = 'local';
  private readonly inFlight = new Set<() => void>();
  private closed = false;

  constructor(private readonly registry: LocalNodeRegistry) {}

  read(endpoint: Endpoint, keys: readonly BlockKey[], options: TransferOptions): Promise<Outcome<readonly KeyReadOutcome[]>> {
    // Each block is copied and released as it arrives, even if another key fails the request.
    return this.call(endpoint, options, (node) => Promise.all(keys.map(async (key) => copyOut(key, await node.store.reader.readBlock(key)))));
  }

  write(endpoint: Endpoint, blocks: readonly BlockToWrite[], options: TransferOptions): Promise<Outcome<readonly KeyWriteOutcome[]>> {
    return this.call(endpoint, options, (node) =>
      Promise.all(
        blocks.map(async ({ key, bytes }): Promise<KeyWriteOutcome> => {
          const outcome = await Promise.resolve()
            .then(() => node.store.writer.writeBlock(key, Buffer.from(bytes)))
            .catch((): BlockWriteOutcome => ({ status: 'rejected', reason: 'store-failure' }));
          return { key, ...outcome };
        }),
      ),
    );
  }

  close(): Promise<void> {
    this.closed = true;
    for (const fail of [...this.inFlight]) fail();
    return Promise.resolve();
  }

  /** Settles with the first of: the work's answer, the deadline, the node aborted, the transport closed. */
  private call<T>(endpoint: Endpoint, options: TransferOptions, work: (node: LocalNode) => Promise<T>): Promise<Outcome<T>> {
    if (this.closed) return Promise.resolve(err({ kind: 'transport-closed', endpoint }));
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      return Promise.resolve(err({ kind: 'invalid-request', endpoint, message: `timeoutMs must be a positive number, got ${options.timeoutMs}` }));
    }
    const node = this.registry.lookup(endpoint.nodeId);
    if (node === undefined) return Promise.resolve(err({ kind: 'connection-refused', endpoint, message: `no local node ${endpoint.nodeId}` }));
    return new Promise((resolve) => {
      const finish = (outcome: Outcome<T>): void => {
        if (!this.inFlight.delete(transportClosed)) return;
        clearTimeout(timer);
        request.end();
        resolve(outcome);
      };
      const transportClosed = (): void => finish(err({ kind: 'transport-closed', endpoint }));
      this.inFlight.add(transportClosed);
      const request = node.begin(() => finish(err({ kind: 'connection-lost', endpoint, message: `local node ${endpoint.nodeId} was aborted` })));
      const timer = setTimeout(() => finish(err({ kind: 'timeout', endpoint, timeoutMs: options.timeoutMs })), options.timeoutMs);
      Promise.resolve()
        .then(() => work(node))
        .then(
          (value) => finish(ok(value)),
          (error: unknown) => finish(err({ kind: 'remote-failure', endpoint, code: 'store-failure', message: error instanceof Error ? error.message : String(error) })),
        );
    });
  }
}

/** The caller's own copy, as tcp would deliver it; the store's buffer is released at once. */
function copyOut(key: BlockKey, outcome: BlockReadOutcome): KeyReadOutcome {
  if (outcome.status === 'missing') return { key, status: 'missing' };
  const bytes = Buffer.from(outcome.bytes);
  outcome.release?.();
  return { key, status: 'found', bytes };
}
