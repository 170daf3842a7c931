import { type Histogram, type LabelValues } from 'prom-client';

/** What prom-client 15 (pinned) keeps per series of a histogram; the spec checks the exposition matches its own `observe`. */
interface SeriesValues {
  sum: number;
  count: number;
  readonly bucketValues: Record<string, number>;
}

interface HistogramInternals {
  readonly hashMap: Record<string, SeriesValues | undefined>;
  readonly upperBounds: readonly number[];
  readonly sortedLabelNames: readonly string[];
  zero(labels: LabelValues<string>): void;
}

/**
 * One label set of a histogram, bound once, for series observed per token: each `observe` adds to
 * the series' buckets directly, where prom-client's checks the label names, hashes the label set
 * into a key and converts the bucket bound to a property name on every call. What a scrape shows
 * is the same as prom-client's own `observe` gives (its sum, count and buckets), a `reset` of the
 * histogram included.
 */
export class HistogramSeries {
  private readonly internals: HistogramInternals;
  private readonly key: string;
  private readonly bounds: readonly number[];
  private readonly bucketKeys: readonly string[];

  constructor(
    histogram: Histogram<string>,
    private readonly labels: LabelValues<string>,
  ) {
    this.internals = histogram as unknown as HistogramInternals;
    this.bounds = this.internals.upperBounds;
    this.bucketKeys = this.bounds.map(String);
    this.key = this.findKey() ?? this.zeroed();
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const series = this.internals.hashMap[this.key] ?? this.recreated();
    series.sum += value;
    series.count += 1;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        series.bucketValues[this.bucketKeys[i]!]! += 1;
        return;
      }
    }
  }

  /** The series' key in the histogram, where prom-client already holds this label set. */
  private findKey(): string | undefined {
    const names = this.internals.sortedLabelNames;
    for (const [key, series] of Object.entries(this.internals.hashMap)) {
      const labels = (series as unknown as { labels: LabelValues<string> }).labels;
      if (names.every((name) => String(labels[name]) === String(this.labels[name]))) return key;
    }
    return undefined;
  }

  private zeroed(): string {
    this.internals.zero(this.labels);
    const key = this.findKey();
    if (key === undefined) throw new Error('prom-client kept no series for a zeroed label set');
    return key;
  }

  /** After the histogram's `reset`: the same key again (prom-client's key is the label set's). */
  private recreated(): SeriesValues {
    this.internals.zero(this.labels);
    return this.internals.hashMap[this.key]!;
  }
}
