import { type InstanceSnapshot } from '../instance.model';

/** Orders instances by requests in flight, then prompt tokens in flight, then id, so ties break the same way every time. */
export function byLoad(a: InstanceSnapshot, b: InstanceSnapshot): number {
  return a.inFlightRequests - b.inFlightRequests || a.inFlightTokens - b.inFlightTokens || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
