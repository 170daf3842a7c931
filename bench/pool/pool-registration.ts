import { Metadata } from '@grpc/grpc-js';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, type KeysReply__Output, type KeysRequest, type PutStartReply__Output, type PutStartRequest } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { type PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { benchKey } from './pool-bench.blocks';

const BATCH = 1000;
const IN_FLIGHT = 4;
const CALL_TIMEOUT_MS = 120_000;

/**
 * Registers blocks `[from, to)` with the master process through its gRPC put (start, then end),
 * without payloads: metadata as a put leaves it, for a node that never receives the bytes.
 */
export async function registerBlocks(pool: PoolProcesses, from: number, to: number, salt: number, sizeBytes: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const first = next;
      next = Math.min(to, next + BATCH);
      const keys: BlockKey[] = [];
      for (let n = first; n < next; n++) keys.push(benchKey(n, salt));
      const started = expectOk(
        await callUnary<PutStartRequest, PutStartReply__Output>(
          (r, m, o, cb) => pool.stub.putStart(r, m, o, cb),
          { items: keys.map((key, i) => ({ key, sizeBytes, blockIndex: i })), replicas: 0, strategy: '', preferredNode: '' },
          new Metadata(),
          CALL_TIMEOUT_MS,
        ),
        'putStart',
      );
      const refused = started.targets.filter((t) => t.status !== 'write');
      if (refused.length > 0) throw new Error(`putStart refused ${refused.length} blocks: ${refused[0]!.status}`);
      expectOk(await callUnary<KeysRequest, KeysReply__Output>((r, m, o, cb) => pool.stub.putEnd(r, m, o, cb), { keys }, new Metadata(), CALL_TIMEOUT_MS), 'putEnd');
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}
