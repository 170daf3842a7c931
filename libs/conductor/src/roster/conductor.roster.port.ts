import { type Result } from '@tsukimi/result';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';

/**
 * The conductors now serving one cluster, each checking in every so often: a conductor not seen
 * for `lapseMs` counts as gone. Tenant fair shares divide the cluster among the conductors alive.
 * While the roster is unavailable the conductor counts itself alone.
 */
export interface ConductorRoster {
  /** Records that `conductorId` is alive at `nowMs` (wall-clock ms) and answers how many conductors are, itself included. */
  checkIn(conductorId: string, nowMs: number): Promise<Result<number, SharedStoreUnavailable>>;
}

export interface ConductorRosterOptions {
  /** How long a conductor counts as alive after its last check-in: a few check-in intervals. */
  readonly lapseMs: number;
}
