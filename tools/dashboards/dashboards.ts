import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { kvPoolDashboard } from './kv-pool.dashboard';
import { plannerDashboard } from './planner.dashboard';
import { poolsDashboard } from './pools.dashboard';
import { schedulerDashboard } from './scheduler.dashboard';
import { sloOverviewDashboard } from './slo-overview.dashboard';

/** Every dashboard, by the file name the chart ships it under. */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'tsukimi-slo-overview.json': sloOverviewDashboard,
  'tsukimi-pools.json': poolsDashboard,
  'tsukimi-kv-pool.json': kvPoolDashboard,
  'tsukimi-scheduler.json': schedulerDashboard,
  'tsukimi-planner.json': plannerDashboard,
};

/** A dashboard as the committed file holds it: two-space JSON and a final newline. */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/** Every PromQL expression of a dashboard's panels. */
export function dashboardQueries(dashboard: Dashboard): string[] {
  const exprs: string[] = [];
  for (const panel of dashboard.panels ?? []) {
    for (const target of ('targets' in panel ? panel.targets : undefined) ?? []) {
      const expr = (target as { expr?: unknown }).expr;
      if (typeof expr === 'string') exprs.push(expr);
    }
  }
  return exprs;
}
