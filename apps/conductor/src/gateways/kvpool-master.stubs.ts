import { credentials } from '@grpc/grpc-js';
import { type PoolMasters } from '@tsukimi/conductor';
import { type KvPoolClient, tsukimiProto } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';

/**
 * One KvPool channel per known master, and a call tried on each in order until one answers (a
 * standby refuses): what every conductor-side caller of the master's control API shares.
 */
export class KvpoolMasterStubs {
  private readonly stubs = new Map<string, KvPoolClient>();

  constructor(
    private readonly masters: PoolMasters | undefined,
    private readonly tokens?: Pick<ServiceTokens, 'sending'>,
  ) {}

  /** The first master's answer; an error listing every master's failure when none answers or none is known. */
  async first<T>(call: (stub: KvPoolClient) => Promise<Result<T, { readonly details: string }>>): Promise<Result<T, string>> {
    const addresses = this.masters?.current() ?? [];
    if (addresses.length === 0) return err('no kvpool master is known');
    const failures: string[] = [];
    for (const address of addresses) {
      const reply = await call(this.stub(address));
      if (reply.ok) return ok(reply.value);
      failures.push(`${address}: ${reply.error.details}`);
    }
    return err(failures.join('; '));
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
