import { type Redis } from 'ioredis';
import { type Charged, type ChargedLease, type HeldLeases, type LeaseBook, askSharedStore, type SharedStoreUnavailable, type LeaseCharge, type QuotaExceeded } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';
import { CHARGE, HELD, RELEASE } from './lease-book.scripts';

export interface RedisLeaseBookOptions {
  /** Prefix of every key, e.g. `tsukimi:`. */
  readonly prefix: string;
}

type ChargeRow = [string, 'created' | 'renewed', string, string, string];

/**
 * Prompt-cache leases in Redis, shared by every conductor pointed at it, and kept across their
 * restarts: each charge, release and look is one Lua script, atomic across conductors. Any Redis
 * failure is `unavailable`, never an exception.
 */
export class RedisLeaseBook implements LeaseBook {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLeaseBookOptions,
  ) {}

  async charge(tenant: string, leases: readonly LeaseCharge[], quotaByteSeconds: number | undefined, nowMs: number): Promise<Result<Charged, QuotaExceeded | SharedStoreUnavailable>> {
    const args = [nowMs, quotaByteSeconds ?? -1, ...leases.flatMap((l) => [l.leaseId, l.sizeBytes, l.ttlMs])];
    const answer = await askSharedStore(() => CHARGE.run(this.redis, [this.key(tenant)], args));
    if (!answer.ok) return answer;
    const [verdict, expired, rest, available, heldBytes] = answer.value as [string, number, unknown, string, string];
    if (verdict !== 'ok') {
      return err({ kind: 'over-quota', tenant, costByteSeconds: Number(rest), availableByteSeconds: Number(available), quotaByteSeconds: quotaByteSeconds ?? Infinity, heldBytes: Number(heldBytes) });
    }
    const booked = (rest as ChargeRow[]).map(([leaseId, kind, expiresAtMs, previous, cost]): ChargedLease => ({
      leaseId,
      kind,
      expiresAtMs: Number(expiresAtMs),
      ...(previous === '' ? {} : { previousExpiresAtMs: Number(previous) }),
      costByteSeconds: Number(cost),
    }));
    return ok({ leases: booked, expired });
  }

  async release(tenant: string, leases: readonly ChargedLease[], nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    // Latest first, so that a lease charged twice in one request ends at its expiry from before both.
    const args = [nowMs, ...[...leases].reverse().flatMap((l) => [l.leaseId, l.expiresAtMs, l.previousExpiresAtMs ?? ''])];
    const answer = await askSharedStore(() => RELEASE.run(this.redis, [this.key(tenant)], args));
    return answer.ok ? ok(undefined) : answer;
  }

  async held(tenant: string, nowMs: number): Promise<Result<HeldLeases, SharedStoreUnavailable>> {
    const answer = await askSharedStore(() => HELD.run(this.redis, [this.key(tenant)], [nowMs]));
    if (!answer.ok) return answer;
    const [heldBytes, expired] = answer.value as [string, number];
    return ok({ heldBytes: Number(heldBytes), expired });
  }

  /** The tenant in a hash tag, as the rate limiter's keys: one Redis Cluster slot per tenant. */
  private key(tenant: string): string {
    return `${this.options.prefix}lease:{${tenant}}`;
  }
}
