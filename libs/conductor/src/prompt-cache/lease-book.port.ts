import { type Result } from '@tsukimi/result';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';
import { type QuotaExceeded } from './lease.ledger';

/** One lease a request asks to charge: its run's last key, bytes and TTL. */
export interface LeaseCharge {
  readonly leaseId: string;
  readonly sizeBytes: number;
  readonly ttlMs: number;
}

/** A lease charged to the tenant: booked until `expiresAtMs`, undone by `release` if its blocks are not held. */
export interface ChargedLease {
  readonly leaseId: string;
  readonly kind: 'created' | 'renewed';
  readonly expiresAtMs: number;
  /** The expiry a renewed lease had before; absent for a new one. */
  readonly previousExpiresAtMs?: number;
  readonly costByteSeconds: number;
}

/** What a charge did: the leases booked, and how many of the tenant's leases it found run out and dropped. */
export interface Charged {
  readonly leases: readonly ChargedLease[];
  readonly expired: number;
}

/** A tenant's live leases: the bytes they hold, and how many run out and were dropped by this look. */
export interface HeldLeases {
  readonly heldBytes: number;
  readonly expired: number;
}

/**
 * Every tenant's prompt-cache leases and their quota accounts, shared by the conductors that use
 * one book (the Redis adapter) or kept by one (the memory adapter). The quota math is LeaseLedger's:
 * an account is the byte-seconds its live leases still hold. `charge` checks and books a request's
 * leases at once (all or none), so that two conductors, or two requests, cannot both pass a check
 * and then both take; a lease whose blocks turn out not to be held is given back by `release`.
 * Each expired lease is counted once, by whichever call drops it. While the book is unavailable a
 * request's leases are not taken.
 */
export interface LeaseBook {
  /** Books every lease, or none when together they would pass `quotaByteSeconds` (undefined: no quota). */
  charge(tenant: string, leases: readonly LeaseCharge[], quotaByteSeconds: number | undefined, nowMs: number): Promise<Result<Charged, QuotaExceeded | SharedStoreUnavailable>>;
  /** Undoes charged leases not renewed since: a new one is dropped, a renewed one gets its old expiry back. */
  release(tenant: string, leases: readonly ChargedLease[], nowMs: number): Promise<Result<void, SharedStoreUnavailable>>;
  /** The tenant's live leases, dropping those run out. */
  held(tenant: string, nowMs: number): Promise<Result<HeldLeases, SharedStoreUnavailable>>;
}
