import { type AttentionArgs, type Kernels, type Ptr } from '@tsukimi/engine-reference';

/** This process's CPU time so far (user + system), in microseconds: what the OS charged, not wall time. */
export function processCpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Kernels that add up the process CPU time of attention calls, so a benchmark can tell
 * attention's share of a forward pass. CPU rather than wall time: on a shared machine, time
 * spent descheduled would otherwise count as kernel time. Matrix products pass straight
 * through; timing each of them would cost more, per step, than the effect being measured.
 */
export class AttentionCpuKernels implements Kernels {
  attentionCpuUs = 0;

  constructor(private readonly inner: Kernels) {}

  matmulTransposed(out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number): void {
    this.inner.matmulTransposed(out, x, rows, inDim, w, outDim);
  }

  attention(args: AttentionArgs): void {
    const start = processCpuUs();
    this.inner.attention(args);
    this.attentionCpuUs += processCpuUs() - start;
  }
}
