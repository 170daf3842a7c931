import { type BlockKey } from '@tsukimi/kv-block';
import { TcpTransport, type Endpoint } from '@tsukimi/transfer';

/**
 * Our remote GET as a kvpool client does it: `TcpTransport.read` in batches, a few requests in
 * flight, each block released back to the transport once consumed.
 */
export class OursClient {
  private readonly transport = new TcpTransport();
  private readonly endpoint: Endpoint;

  constructor(port: number) {
    this.endpoint = { nodeId: 'bench', host: '127.0.0.1', port };
  }

  /** Reads every key, `batchKeys` per request and `concurrency` requests at a time; resolves to the bytes received. */
  async readAll(keys: readonly BlockKey[], batchKeys: number, concurrency: number, timeoutMs: number): Promise<number> {
    let next = 0;
    let bytes = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const batch = keys.slice(next, next + batchKeys);
        next += batchKeys;
        const result = await this.transport.read(this.endpoint, batch, { timeoutMs });
        if (!result.ok) throw new Error(`read failed: ${result.error.kind}`);
        for (const outcome of result.value) {
          if (outcome.status !== 'found') throw new Error(`block ${outcome.key} missing`);
          bytes += outcome.bytes.length;
          // A real caller copies the block into its own memory here, then hands the buffer back.
          outcome.release?.();
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return bytes;
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
