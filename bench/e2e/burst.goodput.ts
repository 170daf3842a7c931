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

/** What one request alone on the cluster takes: the medians of requests sent one at a time. */
export function aloneBaseline(alone: readonly StreamTiming[]): BurstSlo {
  return { ttftMs: median(alone.map((t) => t.ttftMs)), tbtMs: median(alone.map(longestGapMs)) };
}

/**
 * SLOs as a multiple of one request alone on the cluster, so that goodput on a noisy machine
 * measures the burst against what that machine does unloaded.
 */
export const sloAt = (alone: BurstSlo, multiple: number): BurstSlo => ({ ttftMs: multiple * alone.ttftMs, tbtMs: multiple * alone.tbtMs });

export const meetsSlo = (timing: StreamTiming, slo: BurstSlo): boolean => timing.ttftMs <= slo.ttftMs && longestGapMs(timing) <= slo.tbtMs;

/**
 * One configuration's burst: the cached share of its prompt tokens (from the responses' usage);
 * at each SLO multiple of the baseline, the requests within both SLOs and goodput (those per
 * second of the burst; a failed request counts as sent and missed; keys end in `_<multiple>x`);
 * and the TTFT distribution of the requests answered.
 */
export function summarizeBurst(timings: readonly (StreamTiming | undefined)[], alone: BurstSlo, multiples: readonly number[], elapsedS: number) {
  const answered = timings.filter((t): t is StreamTiming => t !== undefined);
  const promptTokens = answered.reduce((sum, t) => sum + t.promptTokens, 0);
  const cachedTokens = answered.reduce((sum, t) => sum + t.cachedTokens, 0);
  const goodput = multiples.flatMap((multiple) => {
    const within = answered.filter((t) => meetsSlo(t, sloAt(alone, multiple))).length;
    return [[`within_slo_${multiple}x`, within], [`goodput_rps_${multiple}x`, round(within / elapsedS, 3)]] as const;
  });
  const ttfts = answered.map((t) => t.ttftMs);
  return {
    requests: timings.length,
    failed: timings.length - answered.length,
    cached_share: round(promptTokens === 0 ? 0 : cachedTokens / promptTokens, 3),
    ...(Object.fromEntries(goodput) as Record<string, number>),
    burst_s: round(elapsedS, 2),
    ttft_ms_p50: round(quantile(ttfts, 0.5), 1),
    ttft_ms_p90: round(quantile(ttfts, 0.9), 1),
    longest_gap_ms_p90: round(quantile(answered.map(longestGapMs), 0.9), 1),
  };
}
