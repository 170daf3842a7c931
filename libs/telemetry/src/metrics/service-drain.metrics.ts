import { counter } from '../metric.model';

/** Drains asked for on a service's admin route (an operator, the CLI or the planner), every service alike. */
export const SERVICE_DRAIN_METRICS = {
  tsukimi_service_drain_calls_total: counter(
    'Calls to POST /admin/drain, by outcome: drained (in-flight work finished and blocks handed over), timed_out (in-flight work was cut at --shutdown-timeout-ms), failed (the service\'s own drain work failed), unauthorized (no valid service token).',
    ['outcome'],
  ),
} as const;
