import { counter, gauge } from '../metric.model';

/** The planner's decisions and the replicas it wants, for dashboards and for KEDA or an HPA to scale by. */
export const PLANNER_METRICS = {
  tsukimi_planner_decisions_total: counter(
    'Planner decisions per role (prefill, decode, kvpool), by direction (up, down, hold) and reason (ttft-queue, tbt-latency, kv-usage, prefill-idle, decode-idle, capacity-plan, hit-ratio-gain, hit-ratio-plateau, within-slo, stabilising, cooling-down, at-max, at-min, plan-floor, no-signal).',
    ['role', 'direction', 'reason'],
  ),
  tsukimi_planner_desired_replicas: gauge('Replicas the planner wants per role after stabilisation, cool-downs and bounds (metrics and scale modes): the value a KEDA ScaledObject or an HPA on an external metric scales to.', ['role']),
  tsukimi_planner_desired_kvpool_bytes: gauge(
    'Bytes of a tier the planner wants on each kvpool storage node (metrics and scale modes); tier ssd only (DRAM is sized in nodes: tsukimi_planner_desired_replicas{role="kvpool"}): the SSD behind the DRAM of those nodes, sized on the master\'s hit-ratio curve. Per node, as a node\'s --ssd-bytes and its SSD volume are; the pool\'s total is this times the nodes. Absent until the first decision. Exported, never applied: a node\'s SSD budget is its volume\'s, set when it starts.',
    ['tier'],
  ),
  tsukimi_planner_kvpool_ssd_decisions_total: counter(
    'The planner\'s kvpool SSD decisions, one per slow tick with pool signals, by direction (up: more than the nodes have now, down: less, hold: the same) and reason (hit-ratio-gain: SSD the curve says buys hits; hit-ratio-plateau: DRAM alone is within the slack of the curve\'s best; at-max, at-min: the bounds).',
    ['direction', 'reason'],
  ),
  tsukimi_planner_decode_inter_token_latency_seconds: gauge('The decode inter-token latency the planner\'s fast loop last measured: the 90th percentile of the gaps between the tokens the conductor sent in its last tick with any (held through ticks without tokens).'),
  tsukimi_planner_leader: gauge('1 while this conductor is the planner\'s leader (the one that writes replicas in scale mode), else 0.'),
  tsukimi_planner_scale_errors_total: counter('Replica writes to the Kubernetes scale subresource that failed, by role and outcome (not-found, forbidden, unavailable).', ['role', 'outcome']),
  tsukimi_planner_scale_in_victims_total: counter('Instances the planner chose to remove on a scale-in (the ones whose cache is worth least), by role and mode: in scale mode their Pods were marked for deletion, in metrics and dry-run they are only reported (the instance is in the log).', ['role', 'mode']),
} as const;
