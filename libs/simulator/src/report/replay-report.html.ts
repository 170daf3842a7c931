import { type CapacityProbe } from '../timed/capacity.search';
import { type TimedReplayReport } from '../timed/replay.metrics';
import { barChartSvg, type ChartSeries, escapeXml, lineChartSvg } from './svg.chart';

/** One replay in a report: the one a run made, or, in capacity mode, the replay at the capacity found. */
export interface ReportRun {
  /** Its name in legends and tables, e.g. the architecture. */
  readonly label: string;
  readonly report: TimedReplayReport;
  /** The `--json` object printed for it, embedded as is so the page and the output agree. */
  readonly json: object;
  /** The capacity search's replays, in capacity mode. */
  readonly probes?: readonly CapacityProbe[];
}

/** The figures of a report, each one `<svg data-figure=…>`. */
export const REPORT_FIGURES = ['ttft-cdf', 'tbt-cdf', 'goodput', 'hit-ratio', 'instance-load', 'capacity'] as const;

/** The id of the `<script type="application/json">` holding every run's `--json` object. */
export const REPORT_DATA_ID = 'tsukimi-replay-data';

function loadSeries(run: ReportRun): ChartSeries[] {
  const points = run.report.timeline.points;
  const series = (role: 'prefillLoad' | 'decodeLoad', name: string): ChartSeries => ({
    name,
    points: points.flatMap((p) => (p[role] === null ? [] : [[p.startMs / 1000, p[role]] as const])),
  });
  const coupled = points.every((p) => p.decodeLoad === null);
  return coupled ? [series('prefillLoad', `${run.label} instances`)] : [series('prefillLoad', `${run.label} prefill`), series('decodeLoad', `${run.label} decode`)];
}

function figures(runs: readonly ReportRun[]): string[] {
  const cdf = (pick: 'ttftCdf' | 'tbtCdf') => runs.map((r) => ({ name: r.label, points: r.report.timeline[pick].map((p) => [p.valueMs, p.share] as const) }));
  const charts = [
    lineChartSvg('ttft-cdf', { title: 'TTFT, cumulative distribution', xLabel: 'TTFT (ms, log scale)', yLabel: 'share of requests', series: cdf('ttftCdf'), xScale: 'log' }),
    lineChartSvg('tbt-cdf', { title: 'TBT (mean of the longest 10% of intervals), cumulative distribution', xLabel: 'TBT (ms, log scale)', yLabel: 'share of requests', series: cdf('tbtCdf'), xScale: 'log' }),
    barChartSvg('goodput', { title: 'Goodput (requests within both SLOs per second)', yLabel: 'req/s', bars: runs.map((r) => ({ name: r.label, value: r.report.goodputRps })) }),
    lineChartSvg('hit-ratio', {
      title: 'Prompt blocks reused (not computed) over time',
      xLabel: 'simulated time (s)',
      yLabel: 'hit ratio',
      series: runs.map((r) => ({ name: r.label, points: r.report.timeline.points.flatMap((p) => (p.hitRatio === null ? [] : [[p.startMs / 1000, p.hitRatio] as const])) })),
    }),
    lineChartSvg('instance-load', { title: 'Requests in flight per instance, at arrivals', xLabel: 'simulated time (s)', yLabel: 'requests per instance', series: runs.flatMap(loadSeries) }),
  ];
  if (runs.some((r) => r.probes !== undefined)) {
    const series = runs.map((r) => ({ name: r.label, points: [...(r.probes ?? [])].sort((a, b) => a.speed - b.speed).map((p) => [p.speed, p.withinSloShare] as const) }));
    charts.push(lineChartSvg('capacity', { title: 'Share of requests within SLO by replay speed', xLabel: 'replay speed (×)', yLabel: 'share within SLO', series }));
  }
  return charts;
}

function flatten(value: unknown, prefix: string): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix === '' ? k : `${prefix}.${k}`));
  return [[prefix, JSON.stringify(value)]];
}

function table(run: ReportRun): string {
  const rows = flatten(run.json, '').map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td data-key="${escapeXml(k)}">${escapeXml(v)}</td></tr>`);
  return [`<h2>${escapeXml(run.label)}</h2>`, '<table>', ...rows, '</table>'].join('\n');
}

/**
 * A self-contained HTML page (inline SVG, no scripts to run, nothing fetched when viewed):
 * TTFT and TBT CDFs, goodput by run, hit ratio and load over time, and in capacity mode the
 * share within SLO by speed; then each run's `--json` figures as a table and as embedded JSON.
 */
export function replayReportHtml(title: string, runs: readonly ReportRun[]): string {
  const data = JSON.stringify(runs.map((r) => r.json)).replace(/</g, '\\u003c');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    `<title>${escapeXml(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:2em;max-width:1400px}svg.chart{margin:0.5em;border:1px solid #ddd}table{border-collapse:collapse;margin-bottom:1em}th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;font-size:13px}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeXml(title)}</h1>`,
    '<div class="figures">',
    ...figures(runs),
    '</div>',
    ...runs.map(table),
    `<script type="application/json" id="${REPORT_DATA_ID}">${data}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
