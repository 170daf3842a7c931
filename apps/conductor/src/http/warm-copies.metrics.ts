import { WARM_COPY_REASONS, type WarmCopyMetrics } from '@tsukimi/conductor';
import { type Metrics } from '@tsukimi/service-kit';

/** Warm-copy decisions and outcomes in tsukimi_scheduler_warm_copies_total, every reason written at 0 from the start. */
export function warmCopyMetrics(m: Metrics): WarmCopyMetrics {
  const warms = m.get('tsukimi_scheduler_warm_copies_total');
  for (const reason of WARM_COPY_REASONS) warms.inc({ reason }, 0);
  return { counted: (reason) => warms.inc({ reason }) };
}
