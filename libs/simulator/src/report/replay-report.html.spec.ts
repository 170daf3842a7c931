import { expectOk } from '@tsukimi/result';
import { chunked, generateTrace, traceText } from '../testing/generated.trace';
import { findAll, type MarkupElement, parseMarkup } from '../testing/markup.tree';
import { ROUND_MODEL, ROUND_NODE } from '../testing/round-numbers.sheets';
import { readTrace } from '../trace/trace.reader';
import { compileTimedReplayOptions } from '../timed/timed-replay.options';
import { replayTimed } from '../timed/timed.replay';
import { replayReportHtml, REPORT_DATA_ID, type ReportRun } from './replay-report.html';

const REQUESTS = 300;

async function run(architecture: string): Promise<ReportRun> {
  const requests = generateTrace({ seed: 7, requests: REQUESTS, maxBlocks: 6, reuse: 0.6 });
  const options = expectOk(compileTimedReplayOptions({ architecture, model: ROUND_MODEL, hardware: ROUND_NODE, nodes: 4, ttftSloMs: 200, tbtSloMs: 50 }), 'options');
  const report = expectOk(await replayTimed(readTrace(chunked(traceText(requests), 4096)), options), 'replay');
  return { label: architecture, report, json: { architecture, goodput_rps: report.goodputRps, requests: report.requests } };
}

const figure = (page: MarkupElement, name: string) => {
  const found = findAll(page, (e) => e.name === 'svg' && e.attrs['data-figure'] === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const seriesOf = (chart: MarkupElement) => findAll(chart, (e) => e.attrs.class === 'series').map((s) => ({ name: s.attrs['data-series'], points: s.attrs['data-points']!.split(' ').filter(Boolean).map((p) => p.split(',').map(Number)) }));

describe('replayReportHtml', () => {
  let runs: ReportRun[];
  let page: MarkupElement;

  beforeAll(async () => {
    runs = [await run('coupled'), await run('mooncake')];
    page = parseMarkup(replayReportHtml('Timed replay of <generated> & co', runs));
  });

  it('is well-formed, one chart per figure, and holds no script to run nor anything to fetch', () => {
    const html = replayReportHtml('t', runs);
    expect(findAll(page, (e) => e.name === 'svg').map((e) => e.attrs['data-figure'])).toEqual(['ttft-cdf', 'tbt-cdf', 'goodput', 'hit-ratio', 'instance-load']);
    expect(findAll(page, (e) => e.name === 'script').map((e) => e.attrs.type)).toEqual(['application/json']);
    expect(html).not.toMatch(/(src|href)="/);
  });

  it.each(['ttft-cdf', 'tbt-cdf'] as const)('%s: one series per architecture, a point per completed request (under 200 of them) ending at share 1', (name) => {
    const series = seriesOf(figure(page, name));
    expect(series.map((s) => s.name)).toEqual(['coupled', 'mooncake']);
    series.forEach((s, i) => {
      const completed = runs[i]!.report.completed;
      expect(s.points).toHaveLength(Math.min(200, completed));
      expect(s.points[s.points.length - 1]![1]).toBe(1);
      const pick = name === 'ttft-cdf' ? runs[i]!.report.timeline.ttftCdf : runs[i]!.report.timeline.tbtCdf;
      expect(s.points).toEqual(pick.map((p) => [p.valueMs, p.share]));
    });
  });

  it('goodput: one bar per architecture, its value the report\'s', () => {
    const bars = findAll(figure(page, 'goodput'), (e) => e.attrs.class === 'bar');
    expect(bars.map((b) => [b.attrs['data-series'], Number(b.attrs['data-value'])])).toEqual(runs.map((r) => [r.label, r.report.goodputRps]));
  });

  it('hit ratio and load over time: a point per interval in which something happened; decode load only where there are decode instances', () => {
    const hit = seriesOf(figure(page, 'hit-ratio'));
    expect(hit.map((s) => s.points.length)).toEqual(runs.map((r) => r.report.timeline.points.filter((p) => p.hitRatio !== null).length));
    // 300 arrivals 10 ms apart: three seconds of simulated time, all with arrivals.
    const load = seriesOf(figure(page, 'instance-load'));
    expect(load.map((s) => [s.name, s.points.length])).toEqual([['coupled instances', 3], ['mooncake prefill', 3], ['mooncake decode', 3]]);
  });

  it('embeds each run\'s JSON object as is', () => {
    const html = replayReportHtml('t', runs);
    const data = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([^<]*)</script>`).exec(html)![1]!;
    expect(JSON.parse(data)).toEqual(runs.map((r) => r.json));
  });

  it('adds the share within SLO by speed when the runs are capacity searches', () => {
    const probes = [{ speed: 2, withinSloShare: 0.5 }, { speed: 1, withinSloShare: 0.95 }];
    const capacityPage = parseMarkup(replayReportHtml('c', [{ ...runs[0]!, probes }]));
    expect(seriesOf(figure(capacityPage, 'capacity'))).toEqual([{ name: 'coupled', points: [[1, 0.95], [2, 0.5]] }]);
  });
});
