import { counter, gauge } from '../metric.model';

/**
 * Leadership among kvpool masters and the fence storage nodes keep against a deposed one: the
 * epoch each leader's tenure carries, the standbys' failed tries at the lease (a failover counted
 * in lease periods), and what nodes refused from a master whose epoch had passed.
 */
export const KVPOOL_FENCING_METRICS = {
  tsukimi_kvpool_leader_epoch: gauge('The epoch of the leadership tenure this kvpool master leads in (it grows with every new leader), 0 while it stands by.'),
  tsukimi_kvpool_leader_lease_refusals_total: counter('Tries of this kvpool master to take the leader lease that found another master holding it (one every retry interval, about three a lease period, while it stands by).'),
  tsukimi_kvpool_fence_epoch: gauge('The highest leadership epoch a master has shown this storage node; answers in a lower epoch are refused.'),
  tsukimi_kvpool_stale_epoch_answers_total: counter('Master answers this storage node refused because they came in an epoch below the highest it had seen (from a deposed master).'),
  tsukimi_kvpool_stale_epoch_commands_total: counter('Commands (deletes, demotions) this storage node refused because the answer carrying them came from a deposed master.'),
} as const;
