import { type Result } from '@tsukimi/result';
import { type EventBatch, type EventGap, type IndexSnapshot } from './index-event.model';

/** Where a subscriber (a conductor) reads the global prefix index: the master in process, or a client of its stream. */
export interface IndexSource {
  /** Every complete replica, with the id of the last event already reflected (taken before the scan, so replaying later events is safe). */
  snapshot(): Promise<IndexSnapshot>;
  /** Up to `limit` events after `afterId` in `epoch`'s log, or a gap that calls for a new snapshot. */
  since(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>>;
}
