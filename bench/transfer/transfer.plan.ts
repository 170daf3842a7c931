import { compileTcpTransportOptions } from '@tsukimi/transfer';

/**
 * How every network contender reads one block size: the same batches, the same requests in
 * flight over the same number of connections, and (where the contender can) the same receive
 * memory reuse. Ours, the raw pump and redis are all built from one plan, so they cannot drift
 * apart; transfer.plan.int-spec.ts checks that each really does this work.
 */
export interface TransferPlan {
  /** Keys per request (ours), per raw request and per redis pipeline. */
  readonly batchKeys: number;
  /** Requests (pipelines) in flight at once. */
  readonly concurrency: number;
  /** Sockets to the server, as the tcp transport keeps per endpoint. */
  readonly connections: number;
  /** Idle receive memory kept for reuse, as the tcp transport's receive pool keeps. */
  readonly receivePoolBytes: number;
}

/** Requests in flight at once, as a kvpool client reading a prompt's blocks keeps them. */
export const CONCURRENCY = 4;
const BATCH_BYTES = 4 * 1024 * 1024;

/** The plan for blocks of `payloadBytes`: batches of about 4 MiB (at least one key) unless `batchKeys` is given, and the transport's defaults. */
export function transferPlan(payloadBytes: number, batchKeys?: number): TransferPlan {
  const transport = compileTcpTransportOptions({});
  return {
    batchKeys: batchKeys ?? Math.max(1, Math.floor(BATCH_BYTES / payloadBytes)),
    concurrency: CONCURRENCY,
    connections: transport.connectionsPerEndpoint,
    receivePoolBytes: transport.receivePoolBytes,
  };
}

/** What a client did while reading, for checking that two contenders did the same work. */
export interface ReadWork {
  readonly requests: number;
  /** Most requests in flight at one time. */
  readonly peakInFlight: number;
}

/** Counts requests and the most in flight at once. */
export class WorkCounter {
  private requests = 0;
  private inFlight = 0;
  private peak = 0;

  started(): void {
    this.requests++;
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  finished(): void {
    this.inFlight--;
  }

  work(): ReadWork {
    return { requests: this.requests, peakInFlight: this.peak };
  }
}

/**
 * Runs `read` over `keys` in batches of `plan.batchKeys`, `plan.concurrency` batches at a time;
 * resolves to the sum of what the reads resolved to (bytes).
 */
export async function inBatches<K>(keys: readonly K[], plan: TransferPlan, counter: WorkCounter, read: (batch: readonly K[]) => Promise<number>): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const batch = keys.slice(next, next + plan.batchKeys);
      next += plan.batchKeys;
      counter.started();
      try {
        // Read first, then add: `bytes += await …` would add to the total as it was before the wait.
        const moved = await read(batch);
        bytes += moved;
      } finally {
        counter.finished();
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  return bytes;
}
