import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { endpointAddress, type Endpoint } from '../endpoint';
import { type TransferError } from '../transfer.error';
import { type BlockToWrite, type KeyReadOutcome, type KeyWriteOutcome, type TransferOptions, type Transport } from '../transport.port';
import { EndpointPool } from './client/endpoint.pool';
import { ReceiveBufferPool, type ReceiveBufferPoolStats } from './client/receive-buffer.pool';
import { compileTcpTransportOptions, type CompiledTcpTransportOptions, type TcpTransportOptions } from './client/tcp-transport.options';

/**
 * The tcp data plane's client: pooled, pipelined connections per endpoint. A batch larger than
 * `maxKeysPerRequest` goes out as several requests in parallel; any one failing fails the batch.
 * Found blocks arrive in memory from one receive pool, reused once callers release it.
 */
export class TcpTransport implements Transport {
  readonly kind = 'tcp';
  private readonly options: CompiledTcpTransportOptions;
  private readonly pools = new Map<string, EndpointPool>();
  private readonly receivePool: ReceiveBufferPool;
  private closed = false;

  constructor(options: TcpTransportOptions = {}) {
    this.options = compileTcpTransportOptions(options);
    this.receivePool = new ReceiveBufferPool({ budgetBytes: this.options.receivePoolBytes });
  }

  read(endpoint: Endpoint, keys: readonly BlockKey[], options: TransferOptions): Promise<Result<readonly KeyReadOutcome[], TransferError>> {
    const refused = this.check(endpoint, options);
    if (refused !== null) return Promise.resolve(err(refused));
    return this.batched(keys, (batch) => this.pool(endpoint).acquire().read(batch, options.timeoutMs));
  }

  write(endpoint: Endpoint, blocks: readonly BlockToWrite[], options: TransferOptions): Promise<Result<readonly KeyWriteOutcome[], TransferError>> {
    const refused = this.check(endpoint, options);
    if (refused !== null) return Promise.resolve(err(refused));
    const tooLarge = blocks.find((block) => block.bytes.length > this.options.maxBlockBytes);
    if (tooLarge !== undefined) {
      const message = `block ${tooLarge.key} is ${tooLarge.bytes.length} bytes, more than maxBlockBytes ${this.options.maxBlockBytes}`;
      return Promise.resolve(err({ kind: 'invalid-request', endpoint, message }));
    }
    return this.batched(blocks, (batch) => this.pool(endpoint).acquire().write(batch, options.timeoutMs));
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
    this.receivePool.close();
  }

  /** Open connections to `endpoint`, for tests and metrics. */
  connectionCount(endpoint: Endpoint): number {
    return this.pools.get(endpointAddress(endpoint))?.size ?? 0;
  }

  /** How the receive pool is used, for tests and metrics. */
  receivePoolStats(): ReceiveBufferPoolStats {
    return this.receivePool.stats();
  }

  private check(endpoint: Endpoint, options: TransferOptions): TransferError | null {
    if (this.closed) return { kind: 'transport-closed', endpoint };
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      return { kind: 'invalid-request', endpoint, message: `timeoutMs must be a positive number, got ${options.timeoutMs}` };
    }
    return null;
  }

  private pool(endpoint: Endpoint): EndpointPool {
    const address = endpointAddress(endpoint);
    let pool = this.pools.get(address);
    if (pool === undefined) {
      pool = new EndpointPool(endpoint, this.options, this.receivePool);
      this.pools.set(address, pool);
    }
    return pool;
  }

  private async batched<I, O>(items: readonly I[], send: (batch: readonly I[]) => Promise<Result<readonly O[], TransferError>>): Promise<Result<readonly O[], TransferError>> {
    if (items.length === 0) return ok([]);
    const size = this.options.maxKeysPerRequest;
    if (items.length <= size) return send(items);
    const batches: (readonly I[])[] = [];
    for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
    const results = await Promise.all(batches.map(send));
    const failed = results.find((result) => !result.ok);
    if (failed !== undefined) return failed;
    return ok(results.flatMap((result) => (result.ok ? result.value : [])));
  }
}
