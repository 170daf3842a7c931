import { type Result } from '@tsukimi/result';

/** A leader lease as a `coordination.k8s.io/v1` Lease's spec holds it; times in ms since the epoch. */
export interface LeaseRecord {
  /** The holder's identity; empty once released. */
  readonly holderIdentity: string;
  /** How long another candidate waits, after it last saw the record change, before it may take the lease. */
  readonly leaseDurationSeconds: number;
  readonly acquireTimeMs: number;
  readonly renewTimeMs: number;
  /** How many times the lease has changed hands. */
  readonly leaseTransitions: number;
}

/** A record as stored, with the version an update must name (the object's resourceVersion). */
export interface StoredLeaseRecord extends LeaseRecord {
  readonly resourceVersion: string;
}

/** conflict: another candidate wrote first (HTTP 409); unavailable: the store could not be reached or refused. */
export interface LeaseRecordError {
  readonly code: 'conflict' | 'unavailable';
  readonly message: string;
}

/** One lease object in a store with optimistic concurrency, such as the Kubernetes API. */
export interface LeaseRecordStore {
  /** The record, or undefined where the lease object does not exist yet. */
  read(): Promise<Result<StoredLeaseRecord | undefined, LeaseRecordError>>;
  /** Creates the lease object; conflict where it exists already (another candidate created it first). */
  create(record: LeaseRecord): Promise<Result<StoredLeaseRecord, LeaseRecordError>>;
  /** Replaces the record if it is still at `resourceVersion`; conflict where another wrote since. */
  replace(record: LeaseRecord, resourceVersion: string): Promise<Result<StoredLeaseRecord, LeaseRecordError>>;
}
