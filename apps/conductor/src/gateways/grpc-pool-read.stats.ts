import { Metadata } from '@grpc/grpc-js';
import { type PoolMasters } from '@tsukimi/conductor';
import { type PoolReadStats, type PoolReadStatsError, type PoolReadStatsPort } from '@tsukimi/planner';
import { callUnary, type ReadStatsReply__Output, type ReadStatsRequest } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { KvpoolMasterStubs } from './kvpool-master.stubs';

/** Keys one ReadStats call names at most: the master refuses more. */
export const MAX_READ_STATS_KEYS = 65_536;

/**
 * The kvpool master's read statistics (`ReadStats`) for the planner: the reuse-distance histogram
 * it sizes the pool by and the decayed hits a scale-in weighs caches by. Tries the masters in
 * order (a standby refuses).
 */
export class GrpcPoolReadStats implements PoolReadStatsPort {
  private readonly stubs: KvpoolMasterStubs;

  constructor(
    masters: PoolMasters | undefined,
    private readonly timeoutMs: number,
    tokens?: Pick<ServiceTokens, 'sending'>,
  ) {
    this.stubs = new KvpoolMasterStubs(masters, tokens);
  }

  async read(keys: readonly string[]): Promise<Result<PoolReadStats, PoolReadStatsError>> {
    const request: ReadStatsRequest = { keys: keys.slice(0, MAX_READ_STATS_KEYS) };
    const reply = await this.stubs.first((stub) => callUnary<ReadStatsRequest, ReadStatsReply__Output>((r, m, o, cb) => stub.readStats(r, m, o, cb), request, new Metadata(), this.timeoutMs));
    return reply.ok ? ok(statsOf(reply.value, keys.length)) : err({ kind: 'pool-unavailable', message: reply.error });
  }

  close(): void {
    this.stubs.close();
  }
}

/** The wire answer as the planner reads it; keys past the call's limit count no hits. */
function statsOf(reply: ReadStatsReply__Output, keysAsked: number): PoolReadStats {
  return {
    reuseDistances: { sampleRate: reply.sampleRate, coldReads: reply.coldReads, counts: reply.distanceCounts },
    hits: Array.from({ length: keysAsked }, (_, i) => reply.hits[i] ?? 0),
    meanBlockBytes: reply.meanBlockBytes,
    storageNodes: reply.storageNodes,
    dramBytesPerNode: reply.dramBytesPerNode,
    ssdBytesPerNode: reply.ssdBytesPerNode,
  };
}
