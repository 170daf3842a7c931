/**
 * The epoch of a new tenure: one past the last, or the wall clock in ms when that is larger. The
 * clock term keeps epochs growing when the store forgets its counter (a master restarted on
 * memory metadata, a Redis without persistence restarted), since storage nodes remember the
 * highest epoch they saw and refuse anything lower. Every store numbers tenures by this rule.
 */
export function nextLeaseEpoch(lastEpoch: number, wallNowMs: number): number {
  return Math.max(lastEpoch + 1, Math.floor(wallNowMs));
}
