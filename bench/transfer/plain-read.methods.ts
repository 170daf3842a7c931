import { medianGbps, type RoundsResult } from './interleaved.rounds';

/** One way of reading the block files plainly: on the main thread (`threads` 0) or spread over `threads` worker threads. */
export interface PlainReadMethod {
  readonly name: string;
  readonly threads: number;
}

/**
 * Every plain read this machine offers for the same files, bytes and requests in flight: the
 * main thread's, and the same reads spread over 1 to `cores` worker threads. The SSD figure's
 * baseline is whichever of them is fastest in the run.
 */
export function plainReadMethods(cores: number): readonly PlainReadMethod[] {
  return [{ name: 'fs_main', threads: 0 }, ...Array.from({ length: Math.max(1, cores) }, (_, index) => ({ name: `fs_threads_${index + 1}`, threads: index + 1 }))];
}

/** The method with the highest median GB/s in `result`, or null where none ran. */
export function fastestMethod(result: RoundsResult, methods: readonly PlainReadMethod[], bytes: number): PlainReadMethod | null {
  let best: { method: PlainReadMethod; gbps: number } | null = null;
  for (const method of methods) {
    const gbps = medianGbps(result, method.name, bytes);
    if (gbps !== null && (best === null || gbps > best.gbps)) best = { method, gbps };
  }
  return best?.method ?? null;
}
