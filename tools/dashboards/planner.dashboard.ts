import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, query, rate, row, stat, timeseries, WINDOW } from './panel.kit';

/**
 * Every conductor plans and exports what it wants; only the leader writes replicas, and with
 * leadership off each conductor leads alone. Conductors fed the same signals want the same, so the
 * highest of them is the answer without picking one series.
 */
const DESIRED_REPLICAS = 'max by (role) (tsukimi_planner_desired_replicas)';

/** A storage node is a kvpool process holding a DRAM tier (a master alone holds none). */
const STORAGE_NODES = 'count(tsukimi_kvpool_capacity_bytes{tier="dram"})';

/** The autoscaling planner: what it wants against what runs, why it decided, the kvpool's SSD it asks for, and who leads. */
export function plannerDashboard(): Dashboard {
  return dashboard('tsukimi-planner', 'Tsukimi / Planner')
    .description('The conductor\'s autoscaling planner (--planner metrics, scale or dry-run): desired replicas against the instances ready, its decisions and their reasons, the kvpool SSD it sizes, and its leader.')
    .withRow(row('Replicas'))
    .withPanel(
      timeseries({
        title: 'Desired and ready replicas',
        description: 'Replicas the planner wants per role after stabilisation, cool-downs and bounds (what KEDA or an HPA scales to in metrics mode, what the leader writes in scale mode; none in dry-run), against the prefill and decode instances answering /readyz as ready and the kvpool storage nodes scraped.',
        unit: 'short',
        width: 16,
        queries: [query(DESIRED_REPLICAS, 'desired {{role}}'), query('sum by (role) (tsukimi_instance_ready)', 'ready {{role}}'), query(STORAGE_NODES, 'ready kvpool')],
      }),
    )
    .withPanel(
      stat({
        title: 'Leaders',
        description: 'Conductors holding the planner\'s lease (the ones that write replicas in scale mode). One with a shared lease; as many as conductors with --planner-leader none; two or more with a lease means a split.',
        unit: 'short',
        width: 8,
        queries: [query('sum(tsukimi_planner_leader)', 'leaders')],
      }),
    )
    .withRow(row('Decisions'))
    .withPanel(
      timeseries({
        title: 'Decisions by direction and reason',
        description: 'Fast- and slow-loop decisions per second, holds included, by role, direction (up, down, hold) and reason (ttft-queue, tbt-latency, kv-usage, prefill-idle, decode-idle, capacity-plan, hit-ratio-gain, hit-ratio-plateau, within-slo, stabilising, cooling-down, at-max, at-min, plan-floor, no-signal).',
        unit: 'ops',
        queries: [query(rate('tsukimi_planner_decisions_total', ['role', 'direction', 'reason']), '{{role}} {{direction}} {{reason}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Scale-in victims and failed writes',
        description: 'Instances picked to go on a scale-in (their cache worth least; marked for deletion in scale mode, only reported otherwise), and replica writes to the scale subresource that failed, by outcome.',
        unit: 'short',
        queries: [
          query(`sum by (role, mode) (increase(tsukimi_planner_scale_in_victims_total[${WINDOW}]))`, 'victims {{role}} {{mode}}'),
          query(`sum by (role, outcome) (increase(tsukimi_planner_scale_errors_total[${WINDOW}]))`, 'failed {{role}} {{outcome}}'),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Decode inter-token latency the planner measured',
        description: 'The p90 gap between the tokens the conductor sent in the fast loop\'s last tick with any: the signal decode scales up on past 90% of the TBT SLO.',
        unit: 's',
        queries: [query('max(tsukimi_planner_decode_inter_token_latency_seconds)', 'p90 gap')],
      }),
    )
    .withRow(row('KV pool SSD'))
    .withPanel(
      timeseries({
        title: 'SSD per storage node: desired and budget',
        description: 'Bytes of SSD the planner wants on each kvpool storage node, sized on the master\'s hit-ratio curve behind the DRAM of the nodes it wants (exported, never applied: set kvpool.node.ssd.budgetBytes to it), against the nodes\' SSD budget now.',
        unit: 'bytes',
        queries: [query('max(tsukimi_planner_desired_kvpool_bytes{tier="ssd"})', 'desired per node'), query('avg(tsukimi_kvpool_capacity_bytes{tier="ssd"})', 'budget per node (mean)')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'SSD decisions by direction and reason',
        description: 'The planner\'s kvpool SSD decisions per second, one per slow tick with pool signals: up or down against the nodes\' SSD now, or hold, by reason (hit-ratio-gain, hit-ratio-plateau, at-max, at-min).',
        unit: 'ops',
        queries: [query(rate('tsukimi_planner_kvpool_ssd_decisions_total', ['direction', 'reason']), '{{direction}} {{reason}}')],
      }),
    )
    .build();
}
