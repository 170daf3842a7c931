/**
 * The only label names a Tsukimi metric may carry. Each takes a bounded set of values, so a
 * series count stays fixed however much traffic flows; a request id or a prompt is never a label.
 *
 * - `model`: a served model id; `role`: prefill or decode; `instance`: an instance id;
 * - `tier`: device, dram or ssd; `status_code`: an HTTP status; `reason`: a short constant word;
 * - `tenant`: a configured tenant (bounded by configuration, never taken from a header unchecked);
 * - `direction`: sent or received; `source`: where a block or token came from; `branch`: the
 *   scheduling branch a decision took; `operation`: a metadata-store operation (a port method name);
 * - `outcome`: what became of an event, one of a constant set (a decode migration's outcome);
 * - `plane`: where a service was reached: grpc, data or metrics;
 * - `mode`: the planner's mode (metrics, scale or dry-run).
 */
export const METRIC_LABELS = ['model', 'role', 'instance', 'tier', 'status_code', 'reason', 'tenant', 'direction', 'source', 'branch', 'operation', 'outcome', 'plane', 'mode'] as const;

export type MetricLabel = (typeof METRIC_LABELS)[number];
