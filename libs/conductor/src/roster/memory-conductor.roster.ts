import { ok, type Result } from '@tsukimi/result';
import { type ConductorRoster, type ConductorRosterOptions } from './conductor.roster.port';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';

/** A roster in this process's memory: the fake that the roster contract holds to the Redis adapter. */
export class MemoryConductorRoster implements ConductorRoster {
  private readonly lastSeenMs = new Map<string, number>();

  constructor(private readonly options: ConductorRosterOptions) {}

  checkIn(conductorId: string, nowMs: number): Promise<Result<number, SharedStoreUnavailable>> {
    this.lastSeenMs.set(conductorId, nowMs);
    for (const [id, seenMs] of this.lastSeenMs) if (seenMs <= nowMs - this.options.lapseMs) this.lastSeenMs.delete(id);
    return Promise.resolve(ok(this.lastSeenMs.size));
  }
}
