import { httpGet } from '@tsukimi/service-kit/testing';
import { type LocalCluster } from '../../apps/cli/src/cluster/local-cluster';

/**
 * The series that say what admission saw: refusals by reason, the TTFT it estimated against the
 * TTFT the conductor measured, what its decisions took, where prompts were computed (a local
 * run's chunks lengthen the gaps of every stream on its decode instance), and the requests the
 * conductor itself saw meet both SLOs, beside what the client saw.
 */
const SERIES = /^(tsukimi_conductor_rejections_total\{[^}]*\}|tsukimi_scheduler_disaggregation_total\{[^}]*\}|tsukimi_scheduler_decision_seconds_(?:sum|count)|tsukimi_scheduler_estimated_ttft_seconds_(?:sum|count)(?:\{[^}]*\})?|tsukimi_conductor_ttft_seconds_(?:sum|count)(?:\{[^}]*\})?|tsukimi_conductor_goodput_requests_total(?:\{[^}]*\})?) (\S+)$/;

/** Those series from the conductor's `/metrics`, by their full name with labels; cumulative since it started. */
export async function conductorCounters(cluster: LocalCluster): Promise<Record<string, number>> {
  const conductor = cluster.services.find((s) => s.role === 'conductor');
  if (!conductor) return {};
  const { body } = await httpGet(conductor.httpPort, '/metrics');
  return Object.fromEntries(body.split('\n').flatMap((line) => {
    const match = SERIES.exec(line);
    return match ? [[match[1]!, Number(match[2])]] : [];
  }));
}

/** What the counters grew by between two readings, rounded. */
export function countersDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, value]) => [name, Math.round((value - (before[name] ?? 0)) * 1000) / 1000]));
}
