/** PromQL words that are not metric names when they stand without parentheses after them. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'inf', 'nan']);
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/**
 * The metric names a PromQL expression reads: identifiers that are neither functions nor
 * aggregations (followed by `(`), nor label names (inside `{}` or after `by`/`without`/`on`),
 * nor keywords. Enough for the queries this folder writes; not a PromQL parser.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice(match.index + match[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** The metric a series belongs to: a histogram's `_bucket`, `_sum` and `_count` series are its own name's. */
export function seriesMetric(series: string, histograms: ReadonlySet<string>): string {
  const base = series.replace(HISTOGRAM_SERIES, '');
  return base !== series && histograms.has(base) ? base : series;
}
