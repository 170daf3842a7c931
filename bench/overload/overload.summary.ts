import { type BurstSlo, longestGapMs, meetsSlo } from '../e2e/burst.goodput';
import { quantile, round } from '../lib/bench-stats';
import { type OpenLoopRun } from './open-loop.run';

/**
 * One open-loop run judged at the client. A request is admitted unless it was refused (429/503);
 * an admitted request that failed or streamed outside either SLO is a miss. Goodput: requests
 * within both SLOs per second of the run.
 */
export function summarizeRun(run: OpenLoopRun, slo: BurstSlo) {
  const refusedMs = run.outcomes.flatMap((o) => (o.kind === 'refused' ? [o.answeredMs] : []));
  const served = run.outcomes.flatMap((o) => (o.kind === 'served' ? [o.timing] : []));
  const admitted = run.outcomes.length - refusedMs.length;
  const within = served.filter((t) => meetsSlo(t, slo)).length;
  return {
    requests: run.outcomes.length,
    admitted,
    refused: refusedMs.length,
    failed: run.outcomes.filter((o) => o.kind === 'failed').length,
    admitted_share: round(admitted / run.outcomes.length, 3),
    within_slo: within,
    within_slo_share: round(within / run.outcomes.length, 3),
    admitted_within_slo_share: admitted === 0 ? NaN : round(within / admitted, 3),
    // Which SLO the admitted misses broke (a request may break both): where admission's model runs short.
    missed_ttft: served.filter((t) => t.ttftMs > slo.ttftMs).length,
    missed_gap: served.filter((t) => longestGapMs(t) > slo.tbtMs).length,
    // Of those, the misses on the first gap alone: a routed request's KV handoff, which no step model predicts.
    missed_first_gap_only: served.filter((t) => (t.gapsMs[0] ?? 0) > slo.tbtMs && Math.max(0, ...t.gapsMs.slice(1)) <= slo.tbtMs).length,
    goodput_rps: round(within / run.elapsedS, 3),
    refusal_ms_p50: round(quantile(refusedMs, 0.5), 2),
    refusal_ms_p99: round(quantile(refusedMs, 0.99), 2),
    ttft_ms_p50: round(quantile(served.map((t) => t.ttftMs), 0.5), 1),
    ttft_ms_p99: round(quantile(served.map((t) => t.ttftMs), 0.99), 1),
    longest_gap_ms_p50: round(quantile(served.map(longestGapMs), 0.5), 1),
    longest_gap_ms_p99: round(quantile(served.map(longestGapMs), 0.99), 1),
    refusals_by_message: refusalsByMessage(run),
    run_s: round(run.elapsedS, 2),
  };
}

/**
 * Refusals grouped by what the conductor said, its figures taken out (`N`): which judgement refused
 * them, with the median of the first figure each stated (the estimate it refused on).
 */
export function refusalsByMessage(run: OpenLoopRun): Record<string, { readonly count: number; readonly first_figure_p50: number }> {
  const figures = new Map<string, number[]>();
  for (const outcome of run.outcomes) {
    if (outcome.kind !== 'refused') continue;
    const text = outcome.message ?? `status ${outcome.status}`;
    const shape = text.replace(/\d+(\.\d+)?/g, 'N');
    const list = figures.get(shape) ?? [];
    list.push(Number(/\d+(\.\d+)?/.exec(text.replace(/^\d{3} /, ''))?.[0] ?? NaN));
    figures.set(shape, list);
  }
  return Object.fromEntries([...figures].map(([shape, list]) => [shape, { count: list.length, first_figure_p50: round(quantile(list, 0.5), 1) }]));
}
