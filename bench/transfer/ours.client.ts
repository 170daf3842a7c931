import { type BlockKey } from '@tsukimi/kv-block';
import { TcpTransport, type Endpoint, type ReceiveBufferPoolStats } from '@tsukimi/transfer';
import { inBatches, WorkCounter, type ReadWork, type TransferPlan } from './transfer.plan';

/**
 * Our remote GET as a kvpool client does it: `TcpTransport.read` in the plan's batches and
 * requests in flight, over the plan's connections, each block released back to the transport
 * once consumed.
 */
export class OursClient {
  private readonly transport: TcpTransport;
  private readonly endpoint: Endpoint;
  private readonly counter = new WorkCounter();

  constructor(
    port: number,
    private readonly plan: TransferPlan,
  ) {
    this.transport = new TcpTransport({ connectionsPerEndpoint: plan.connections, receivePoolBytes: plan.receivePoolBytes });
    this.endpoint = { nodeId: 'bench', host: '127.0.0.1', port };
  }

  /** Reads every key; `consume` sees each block before it goes back to the transport. Resolves to the bytes received. */
  readAll(keys: readonly BlockKey[], timeoutMs: number, consume?: (bytes: Uint8Array) => void): Promise<number> {
    return inBatches(keys, this.plan, this.counter, async (batch) => {
      const result = await this.transport.read(this.endpoint, batch, { timeoutMs });
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

  close(): Promise<void> {
    return this.transport.close();
  }
}
