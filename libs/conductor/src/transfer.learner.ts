/** What one pool fetch cost, for one path. */
export interface FetchSample {
  readonly blocks: number;
  readonly ms: number;
}

/** A path's fitted cost: a fixed part per fetch and a part per block. */
export interface TransferFit {
  readonly setupMs: number;
  readonly msPerBlock: number;
}

/**
 * Learns what moving blocks really costs from prefill instances' fetch timings: for each path,
 * a least-squares line through the latest samples, `ms = setup + blocks × per block`. The
 * scheduler's transfer estimates then use measured bandwidth instead of stand-ins.
 */
export class TransferLearner {
  private readonly samples = new Map<string, FetchSample[]>();

  constructor(private readonly window = 64) {}

  record(path: string, sample: FetchSample): void {
    if (!(sample.blocks > 0 && sample.ms >= 0)) return;
    const list = this.samples.get(path) ?? [];
    list.push(sample);
    if (list.length > this.window) list.shift();
    this.samples.set(path, list);
  }

  /** The fit, once at least 4 samples with at least two block counts exist; negative parts are clamped to 0. */
  fit(path: string): TransferFit | undefined {
    const list = this.samples.get(path) ?? [];
    if (list.length < 4) return undefined;
    const n = list.length;
    const meanX = list.reduce((s, p) => s + p.blocks, 0) / n;
    const meanY = list.reduce((s, p) => s + p.ms, 0) / n;
    const sxx = list.reduce((s, p) => s + (p.blocks - meanX) ** 2, 0);
    if (sxx === 0) return undefined;
    const sxy = list.reduce((s, p) => s + (p.blocks - meanX) * (p.ms - meanY), 0);
    const msPerBlock = Math.max(sxy / sxx, 1e-6);
    return { setupMs: Math.max(0, meanY - msPerBlock * meanX), msPerBlock };
  }
}
