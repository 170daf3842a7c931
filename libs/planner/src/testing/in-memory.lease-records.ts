import { err, ok, type Result } from '@tsukimi/result';
import { type LeaseRecord, type LeaseRecordError, type LeaseRecordStore, type StoredLeaseRecord } from '../lease-record.port';

/** One lease object in memory, with resourceVersion checked on every replace as an API server does. */
export class InMemoryLeaseRecords {
  private record: StoredLeaseRecord | undefined;
  private version = 0;

  /** The record as stored now, for a test to inspect. */
  get current(): StoredLeaseRecord | undefined {
    return this.record;
  }

  /** A view of the one object for one candidate, which `cutOff` makes unreachable. */
  client(): LeaseRecordStore & { cutOff(): void } {
    let reachable = true;
    const unreachable = err<LeaseRecordError>({ code: 'unavailable', message: 'the lease store cannot be reached' });
    return {
      cutOff: () => {
        reachable = false;
      },
      read: async () => (reachable ? ok(this.record) : unreachable),
      create: async (record) => (reachable ? this.create(record) : unreachable),
      replace: async (record, resourceVersion) => (reachable ? this.replace(record, resourceVersion) : unreachable),
    };
  }

  private create(record: LeaseRecord): Result<StoredLeaseRecord, LeaseRecordError> {
    if (this.record !== undefined) return err({ code: 'conflict', message: 'the lease exists already' });
    return ok(this.store(record));
  }

  private replace(record: LeaseRecord, resourceVersion: string): Result<StoredLeaseRecord, LeaseRecordError> {
    if (this.record === undefined) return err({ code: 'unavailable', message: 'the lease does not exist' });
    if (this.record.resourceVersion !== resourceVersion) return err({ code: 'conflict', message: `the lease is at ${this.record.resourceVersion}, not ${resourceVersion}` });
    return ok(this.store(record));
  }

  private store(record: LeaseRecord): StoredLeaseRecord {
    this.version += 1;
    this.record = { ...record, resourceVersion: String(this.version) };
    return this.record;
  }
}
