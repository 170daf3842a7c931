/**
 * `digits × factor` when that is a whole, safe integer, computed exactly: binary floating
 * point would turn `1.1 × 1000` into 1100.0000000000002 and refuse a valid `1.1KB`.
 */
export function wholeMultiple(digits: string, factor: number): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(digits);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(`${match[1] ?? ''}${fraction}`) * BigInt(factor);
  if (scaled % scale !== 0n) return undefined;
  const whole = scaled / scale;
  return whole <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(whole) : undefined;
}
