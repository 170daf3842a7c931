/** The median of `values`, sorting them in place; the mean of the middle two for an even count. */
export function median(values: Float64Array): number {
  if (values.length === 0) throw new RangeError('the median of no values is undefined');
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
