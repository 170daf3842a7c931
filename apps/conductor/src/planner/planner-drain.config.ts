import { field } from '@tsukimi/config';

/** How long a planner scale-in waits on its victims' drains before it lowers the replicas. */
export const plannerDrainSchema = {
  plannerDrainTimeoutMs: field.duration({
    min: 1_000,
    default: 60_000,
    description: 'In scale mode, a scale-in drains its victims first (POST /admin/drain: in-flight work finished, blocks handed to the pool) and lowers the replicas once they have, or after this long; cover the instances\' --shutdown-timeout-ms plus --drain-handover-ms',
  }),
};
