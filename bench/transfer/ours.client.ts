import { type BlockKey } from '@tsukimi/kv-block';
import { SameHostTransport, TcpTransport, type Endpoint, type ReceiveBufferPoolStats, type SameHostStats, type SharedSegmentAddress, type Transport } from '@tsukimi/transfer';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

/**
 * Our remote GET as a kvpool client does it: `TcpTransport.read` in the plan's batches and
 * requests in flight, over the plan's connections, each block released back to the transport
 * once consumed. Given the node's shared segment, reads go through `SameHostTransport` over
 * that TcpTransport, as a client on the node's host reads.
 */
export class OursClient {
  private readonly transport: TcpTransport;
  private readonly sameHost: SameHostTransport | undefined;
  private readonly reader: Transport;
  private readonly endpoint: Endpoint;
  private readonly counter = new WorkCounter();

  constructor(
    port: number,
    private readonly plan: TransferPlan,
    sharedSegment?: SharedSegmentAddress,
  ) {
    this.transport = new TcpTransport({ connectionsPerEndpoint: plan.connections, receivePoolBytes: plan.receivePoolBytes });
    this.sameHost = sharedSegment && new SameHostTransport({ hostId: sharedSegment.hostId, fallback: this.transport, receivePoolBytes: plan.receivePoolBytes });
    this.reader = this.sameHost ?? this.transport;
    this.endpoint = { nodeId: 'bench', host: '127.0.0.1', port, ...(sharedSegment ? { sharedSegment } : {}) };
  }

  /** Reads every key; `consume` sees each block before it goes back to the transport. Resolves to the bytes received. */
  readAll(keys: readonly BlockKey[], timeoutMs: number, consume?: (bytes: Uint8Array) => void): Promise<number> {
    return inBatches(keys, this.plan, this.counter, async (batch) => {
      const result = await this.reader.read(this.endpoint, batch, { timeoutMs });
      if (!result.ok) throw new Error(`read failed: ${result.error.kind}`);
      let bytes = 0;
      for (const outcome of result.value) {
        if (outcome.status !== 'found') throw new Error(`block ${outcome.key} missing`);
        bytes += outcome.bytes.length;
        // A real caller copies the block into its own memory here, then hands the buffer back.
        consume?.(outcome.bytes);
        outcome.release?.();
      }
      return bytes;
    });
  }

  work(): ReadWork {
    return this.counter.work();
  }

  connectionCount(): number {
    return this.transport.connectionCount(this.endpoint);
  }

  receivePoolStats(): ReceiveBufferPoolStats {
    return this.transport.receivePoolStats();
  }

  /** Blocks read from the shared segment and through tcp; undefined without a segment. */
  sameHostStats(): SameHostStats | undefined {
    return this.sameHost?.stats();
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
