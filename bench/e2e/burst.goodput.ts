import { median, quantile, round } from '../lib/bench-stats';
import { type StreamTiming } from './streamed-completion';

/** Both SLOs, as the client measures them. */
export interface BurstSlo {
  readonly ttftMs: number;
  /** Bound on every gap between two tokens of a request, the first gap (the KV handoff) included. */
  readonly tbtMs: number;
}

/** A request's longest gap between two tokens: the one that decides whether it met the TBT SLO. */
export const longestGapMs = (timing: StreamTiming): number => Math.max(0, ...timing.gapsMs);

/**
 * SLOs as multiples of one request alone on the cluster: its median TTFT and median longest gap,
 * so that goodput on a noisy machine measures the burst against what that machine does unloaded.
 */
export function sloFromBaseline(alone: readonly StreamTiming[], multiple: number): BurstSlo {
  return { ttftMs: multiple * median(alone.map((t) => t.ttftMs)), tbtMs: multiple * median(alone.map(longestGapMs)) };
}

export const meetsSlo = (timing: StreamTiming, slo: BurstSlo): boolean => timing.ttftMs <= slo.ttftMs && longestGapMs(timing) <= slo.tbtMs;

/**
 * One configuration's burst: the cached share of its prompt tokens (from the responses' usage),
 * goodput (requests within both SLOs per second of the burst; a failed request counts as sent and
 * missed) and the TTFT distribution of the requests answered.
 */
export function summarizeBurst(timings: readonly (StreamTiming | undefined)[], slo: BurstSlo, elapsedS: number) {
  const answered = timings.filter((t): t is StreamTiming => t !== undefined);
  const promptTokens = answered.reduce((sum, t) => sum + t.promptTokens, 0);
  const cachedTokens = answered.reduce((sum, t) => sum + t.cachedTokens, 0);
  const withinSlo = answered.filter((t) => meetsSlo(t, slo)).length;
  const ttfts = answered.map((t) => t.ttftMs);
  return {
    requests: timings.length,
    failed: timings.length - answered.length,
    cached_share: round(promptTokens === 0 ? 0 : cachedTokens / promptTokens, 3),
    within_slo: withinSlo,
    goodput_rps: round(withinSlo / elapsedS, 3),
    burst_s: round(elapsedS, 2),
    ttft_ms_p50: round(quantile(ttfts, 0.5), 1),
    ttft_ms_p90: round(quantile(ttfts, 0.9), 1),
    longest_gap_ms_p90: round(quantile(answered.map(longestGapMs), 0.9), 1),
  };
}
