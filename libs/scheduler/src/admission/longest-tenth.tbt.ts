/**
 * TBT as the Mooncake paper measures it (the mean of the longest 10% of a request's token
 * intervals, at least one), predicted for a request whose first interval is the handoff gap and
 * whose others are all one decode step: `maxTokens` tokens give `maxTokens − 1` intervals.
 */
export function longestTenthTbtMs(handoffGapMs: number, stepMs: number, maxTokens: number): number {
  if (handoffGapMs <= stepMs) return stepMs;
  const longest = Math.max(1, Math.ceil((maxTokens - 1) / 10));
  return (handoffGapMs + (longest - 1) * stepMs) / longest;
}
