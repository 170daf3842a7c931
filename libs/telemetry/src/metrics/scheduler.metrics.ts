import { counter } from '../metric.model';

/** The conductor's scheduling decisions: what it admitted and how it chose. */
export const SCHEDULER_METRICS = {
  tsukimi_scheduler_admissions_total: counter('Requests the conductor admitted.'),
} as const;
