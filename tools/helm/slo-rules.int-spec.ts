import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { helmBinary } from './helm.binary';
import { CHART_DIR, helmTemplate } from './helm.render';

/**
 * The chart's SLO rules as Prometheus evaluates them: rendered from the chart, checked by
 * `promtool check rules`, and run by `promtool test rules` over synthetic series where the SLO
 * holds, where it burns fast, and where it burns slowly.
 */
describe('the SLO burn-rate rules the chart ships', () => {
  let dir: string;
  let rulesFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsukimi-slo-rules-'));
    const objects = helmTemplate(helmBinary(), CHART_DIR, [], ['metrics.prometheusRule.enabled=true', 'conductor.ttftSloMs=1500', 'conductor.tbtSloMs=100']);
    const rule = objects.find((o) => o.kind === 'PrometheusRule');
    if (!rule) throw new Error('the chart rendered no PrometheusRule');
    rulesFile = join(dir, 'tsukimi.rules.yaml');
    writeFileSync(rulesFile, dump({ groups: (rule as unknown as { spec: { groups: unknown[] } }).spec.groups }));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes promtool check rules', () => {
    const checked = spawnSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  /** Per minute: `all` requests, `good` of them within the SLO; counters as Prometheus would scrape them. */
  const series = (metric: 'ttft' | 'tbt' | 'goodput', all: number, good: number, minutes: number) => {
    const counter = (perMinute: number) => `0+${perMinute}x${minutes}`;
    if (metric === 'goodput') {
      return [
        { series: 'tsukimi_conductor_requests_total{status_code="200"}', values: counter(all) },
        { series: 'tsukimi_conductor_goodput_requests_total', values: counter(good) },
      ];
    }
    const le = metric === 'ttft' ? '1.5' : '0.1';
    const histogram = metric === 'ttft' ? 'tsukimi_conductor_ttft_seconds' : 'tsukimi_conductor_inter_token_latency_seconds';
    return [
      { series: `${histogram}_count`, values: counter(all) },
      { series: `${histogram}_bucket{le="${le}"}`, values: counter(good) },
    ];
  };

  const alert = (sli: string, speed: 'Fast' | 'Slow', severity: string, what: string, factor: string) => ({
    alertname: `Tsukimi${sli[0]!.toUpperCase()}${sli.slice(1)}BudgetBurn${speed}`,
    exp_alerts: [{ exp_labels: { severity, sli }, exp_annotations: { summary: `The ${what} SLO is burning its error budget ${factor} times too fast` } }],
  });
  const quiet = (sli: string, speed: 'Fast' | 'Slow') => ({ alertname: `Tsukimi${sli[0]!.toUpperCase()}${sli.slice(1)}BudgetBurn${speed}`, exp_alerts: [] });

  it.each([
    ['ttft', 'time to first token'],
    ['tbt', 'time between tokens'],
    ['goodput', 'goodput'],
  ] as const)('%s: quiet while the SLO holds, pages on a fast burn, files a ticket on a slow one', (sli, what) => {
    const tests = [
      // 0.5% misses against a 1% budget: nothing fires.
      { interval: '1m', input_series: series(sli, 1000, 995, 420), alert_rule_test: [{ eval_time: '6h', ...quiet(sli, 'Fast') }, { eval_time: '6h', ...quiet(sli, 'Slow') }] },
      // Half the requests miss: 50 times the budget, the fast alert pages once its 2 minutes pass.
      { interval: '1m', input_series: series(sli, 1000, 500, 30), alert_rule_test: [{ eval_time: '20m', ...alert(sli, 'Fast', 'page', what, '14.4') }] },
      // 8% miss: 8 times the budget, too slow to page, a ticket after 15 minutes.
      { interval: '1m', input_series: series(sli, 1000, 920, 420), alert_rule_test: [{ eval_time: '6h', ...quiet(sli, 'Fast') }, { eval_time: '6h', ...alert(sli, 'Slow', 'ticket', what, '6') }] },
    ];
    const testFile = join(dir, `${sli}.test.yaml`);
    writeFileSync(testFile, dump({ rule_files: [rulesFile], evaluation_interval: '1m', tests }));
    const run = spawnSync('promtool', ['test', 'rules', testFile], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('puts the configured SLOs in the rules as the bucket edges the conductor exports', () => {
    const text = readFileSync(rulesFile, 'utf8');
    expect(text).toContain('tsukimi_conductor_ttft_seconds_bucket{le="1.5"}');
    expect(text).toContain('tsukimi_conductor_inter_token_latency_seconds_bucket{le="0.1"}');
  });
});
