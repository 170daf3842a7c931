import { credentials, Metadata } from '@grpc/grpc-js';
import { type PoolMasters, type PoolUnavailable, type PromptCachePool } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, type KeysReply__Output, type KvPoolClient, type PinRequest, tsukimiProto } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';

/**
 * Prompt-cache leases held by the kvpool master as soft pins (`Pin`, kind `soft`): every tier of
 * every node keeps the blocks from eviction until the pin runs out, whichever instance computed
 * them. Tries the masters in order (a standby refuses) and keeps one channel per master.
 */
export class GrpcPromptCachePool implements PromptCachePool {
  private readonly stubs = new Map<string, KvPoolClient>();

  constructor(
    private readonly masters: PoolMasters | undefined,
    private readonly timeoutMs: number,
    private readonly tokens?: Pick<ServiceTokens, 'sending'>,
  ) {}

  async hold(keys: readonly BlockKey[], ttlMs: number): Promise<Result<{ readonly heldBlocks: number }, PoolUnavailable>> {
    const addresses = this.masters?.current() ?? [];
    if (addresses.length === 0) return err({ kind: 'pool-unavailable', message: 'no kvpool master is known' });
    const failures: string[] = [];
    for (const address of addresses) {
      const stub = this.stub(address);
      const request: PinRequest = { keys: [...keys], kind: 'soft', ttlMs: Math.ceil(ttlMs) };
      const reply = await callUnary<PinRequest, KeysReply__Output>((r, m, o, cb) => stub.pin(r, m, o, cb), request, new Metadata(), this.timeoutMs);
      if (reply.ok) return ok({ heldBlocks: reply.value.outcomes.filter((o) => o.status === 'ok').length });
      failures.push(`${address}: ${reply.error.details}`);
    }
    return err({ kind: 'pool-unavailable', message: failures.join('; ') });
  }

  close(): void {
    for (const stub of this.stubs.values()) stub.close();
    this.stubs.clear();
  }

  private stub(address: string): KvPoolClient {
    let stub = this.stubs.get(address);
    if (!stub) {
      const { KvPool } = tsukimiProto().tsukimi.v1;
      this.stubs.set(address, (stub = new KvPool(address, credentials.createInsecure(), serviceClientOptions(this.tokens))));
    }
    return stub;
  }
}
