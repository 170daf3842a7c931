import { Metadata } from '@grpc/grpc-js';
import { type PoolMasters, type PoolUnavailable, type PromptCachePool } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, type KeysReply__Output, type PinRequest } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { KvpoolMasterStubs } from './kvpool-master.stubs';

/**
 * Prompt-cache leases held by the kvpool master as soft pins (`Pin`, kind `soft`): every tier of
 * every node keeps the blocks from eviction until the pin runs out, whichever instance computed
 * them. Tries the masters in order (a standby refuses) and keeps one channel per master.
 */
export class GrpcPromptCachePool implements PromptCachePool {
  private readonly stubs: KvpoolMasterStubs;

  constructor(
    masters: PoolMasters | undefined,
    private readonly timeoutMs: number,
    tokens?: Pick<ServiceTokens, 'sending'>,
  ) {
    this.stubs = new KvpoolMasterStubs(masters, tokens);
  }

  async hold(keys: readonly BlockKey[], ttlMs: number): Promise<Result<{ readonly heldBlocks: number }, PoolUnavailable>> {
    const request: PinRequest = { keys: [...keys], kind: 'soft', ttlMs: Math.ceil(ttlMs) };
    const reply = await this.stubs.first((stub) => callUnary<PinRequest, KeysReply__Output>((r, m, o, cb) => stub.pin(r, m, o, cb), request, new Metadata(), this.timeoutMs));
    if (!reply.ok) return err({ kind: 'pool-unavailable', message: reply.error });
    return ok({ heldBlocks: reply.value.outcomes.filter((o) => o.status === 'ok').length });
  }

  close(): void {
    this.stubs.close();
  }
}
