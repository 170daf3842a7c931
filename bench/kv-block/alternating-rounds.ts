import { median } from '../lib/bench-stats';

/**
 * Times each variant `repeats` times a round, in alternating rounds after one warm-up each, so that
 * every variant sees the same machine; gives each variant's median microseconds per call.
 */
export function alternatingMedianUs(variants: Record<string, () => unknown>, rounds: number, repeats: number): Record<string, number> {
  const timeUs = (run: () => unknown) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeats; i++) run();
    return Number(process.hrtime.bigint() - start) / 1000 / repeats;
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const run of Object.values(variants)) timeUs(run);
  for (let round = 0; round < rounds; round++) for (const [name, run] of Object.entries(variants)) samples[name]!.push(timeUs(run));
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}
