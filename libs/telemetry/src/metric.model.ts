export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * One Tsukimi metric, independent of any metrics library: the edge turns it into a
 * prom-client object. `L` is the union of its label names (`never` for none).
 */
export interface MetricDefinition<K extends MetricKind = MetricKind, L extends string = string> {
  readonly kind: K;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Upper bounds of histogram buckets, ascending, in the metric's unit; histograms only. */
  readonly buckets?: readonly number[];
}

export type CounterDefinition<L extends string = string> = MetricDefinition<'counter', L>;
export type GaugeDefinition<L extends string = string> = MetricDefinition<'gauge', L>;
export type HistogramDefinition<L extends string = string> = MetricDefinition<'histogram', L> & {
  readonly buckets: readonly number[];
};

/** A monotonically increasing count; its name ends in `_total`. */
export function counter<const L extends string = never>(help: string, labelNames: readonly L[] = []): CounterDefinition<L> {
  return { kind: 'counter', help, labelNames };
}

/** A value that goes up and down: usage, depth, size. */
export function gauge<const L extends string = never>(help: string, labelNames: readonly L[] = []): GaugeDefinition<L> {
  return { kind: 'gauge', help, labelNames };
}

/** A distribution over fixed buckets; latencies are in seconds. */
export function histogram<const L extends string = never>(
  help: string,
  labelNames: readonly L[],
  buckets: readonly number[],
): HistogramDefinition<L> {
  return { kind: 'histogram', help, labelNames, buckets };
}

/** The label names of a definition, as a union. */
export type LabelNameOf<D> = D extends MetricDefinition<MetricKind, infer L> ? L : never;
