import { type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DatasourceVariableBuilder, RowBuilder, TextBoxVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** Every query reads the Prometheus the dashboard's `datasource` variable names. */
const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The window of every rate: Grafana's safe default for the scrape interval in use. */
export const WINDOW = '$__rate_interval';

/** One PromQL series of a panel and its legend. */
export interface Query {
  readonly expr: string;
  readonly legend: string;
}

export function query(expr: string, legend: string): Query {
  return { expr, legend };
}

/** `sum by (labels) (rate(metric{selector}[window]))`, or `sum(...)` without labels. */
export function rate(metric: string, by: readonly string[] = [], selector = ''): string {
  const grouping = by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `sum${grouping} (rate(${metric}${selector}[${WINDOW}]))`;
}

/** The `q` quantile of a histogram over the window, across every series of it. */
export function quantile(q: number, histogram: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket[${WINDOW}])))`;
}

/** p50, p90 and p99 of one latency histogram, each with its legend prefixed by `label`, if any. */
export function percentiles(histogram: string, label = ''): Query[] {
  return ([0.5, 0.9, 0.99] as const).map((q) => query(quantile(q, histogram), `${label}p${q * 100}`));
}

function targets(queries: readonly Query[]): DataqueryBuilder[] {
  return queries.map((q, i) => new DataqueryBuilder().refId(String.fromCharCode(65 + i)).expr(q.expr).legendFormat(q.legend).datasource(DATASOURCE));
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  /** Grafana unit id: `s`, `percentunit`, `reqps`, `Bps`, `bytes`, `short`. */
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Columns of 24. */
  readonly width?: number;
}

export function timeseries(spec: PanelSpec): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder().title(spec.title).description(spec.description).unit(spec.unit).datasource(DATASOURCE).height(8).span(spec.width ?? 12);
  for (const target of targets(spec.queries)) panel.withTarget(target);
  return panel;
}

export function stat(spec: PanelSpec): StatPanelBuilder {
  const panel = new StatPanelBuilder().title(spec.title).description(spec.description).unit(spec.unit).datasource(DATASOURCE).height(4).span(spec.width ?? 6);
  for (const target of targets(spec.queries)) panel.withTarget(target);
  return panel;
}

/** A dashboard with the Prometheus data source picker every Tsukimi dashboard shares. */
export function dashboard(uid: string, title: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .tags(['tsukimi'])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'));
}

/** A dashboard variable holding a threshold the services are configured with, as a bucket's `le` reads it. */
export function thresholdVariable(name: string, label: string, value: string, description: string): TextBoxVariableBuilder {
  return new TextBoxVariableBuilder(name).label(label).defaultValue(value).description(description);
}

export function row(title: string): RowBuilder {
  return new RowBuilder(title);
}
