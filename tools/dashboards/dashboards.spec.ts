import * as fs from 'node:fs';
import * as path from 'node:path';
import { TSUKIMI_METRICS } from '@tsukimi/telemetry';
import { DASHBOARDS, dashboardJson, dashboardQueries } from './dashboards';
import { promqlMetricNames, seriesMetric } from './promql.metric-names';

const CHART_DASHBOARDS = path.resolve(__dirname, '..', '..', 'helm', 'tsukimi', 'dashboards');
const HISTOGRAMS = new Set(Object.entries(TSUKIMI_METRICS).filter(([, d]) => d.kind === 'histogram').map(([name]) => name));
const EXPORTED = new Set(Object.keys(TSUKIMI_METRICS));
const files = Object.entries(DASHBOARDS);

describe('dashboards', () => {
  it.each(files)('%s names only metrics the services export', (_file, build) => {
    const queries = dashboardQueries(build());
    expect(queries.length).toBeGreaterThan(3);
    const unknown = queries.flatMap((expr) => promqlMetricNames(expr).map((series) => seriesMetric(series, HISTOGRAMS)).filter((metric) => !EXPORTED.has(metric)).map((metric) => `${metric} in ${expr}`));
    expect(unknown).toEqual([]);
  });

  it.each(files)('%s reads histograms through their series, never by their bare name', (_file, build) => {
    const bare = dashboardQueries(build()).flatMap((expr) => promqlMetricNames(expr).filter((series) => HISTOGRAMS.has(series)));
    expect(bare).toEqual([]);
  });

  it.each(files)('%s is committed in the chart as the code emits it', (file, build) => {
    expect(fs.readFileSync(path.join(CHART_DASHBOARDS, file), 'utf8')).toBe(dashboardJson(build()));
  });

  it('gives every dashboard its own uid', () => {
    const uids = files.map(([, build]) => build().uid);
    expect(new Set(uids).size).toBe(files.length);
  });

  it('leaves no JSON file in the chart that the code does not emit', () => {
    expect(fs.readdirSync(CHART_DASHBOARDS).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(DASHBOARDS).sort());
  });
});
