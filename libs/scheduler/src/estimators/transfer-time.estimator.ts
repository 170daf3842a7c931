import { type PrefixLocation } from '../index/prefix-location.model';

/** How blocks reach a prefill instance: from another instance's memory, or from a pool node's DRAM or SSD. */
export type TransferPath = 'device-remote' | 'dram' | 'ssd';

export const TRANSFER_PATHS: readonly TransferPath[] = ['device-remote', 'dram', 'ssd'];

export interface TransferTimeOptions {
  /** One block's KV across every layer. */
  readonly blockBytes: number;
  /** Measured throughput of each path, bytes per second. */
  readonly bandwidthBytesPerS: Readonly<Record<TransferPath, number>>;
  /** Fixed cost of one transfer on a path (lookup, connection, first byte); 0 when absent. */
  readonly setupMs?: Partial<Readonly<Record<TransferPath, number>>>;
}

export function transferPathOf(location: PrefixLocation): TransferPath {
  return location.tier === 'device' ? 'device-remote' : location.tier;
}

/** Time to move blocks to a prefill instance: blocks × block bytes ÷ the path's bandwidth, plus its setup. */
export class TransferTimeEstimator {
  private readonly msPerBlock: Record<TransferPath, number>;
  private readonly setupMs: Record<TransferPath, number>;

  constructor(readonly options: TransferTimeOptions) {
    const perBlock = (path: TransferPath) => (options.blockBytes / options.bandwidthBytesPerS[path]) * 1000;
    this.msPerBlock = { 'device-remote': perBlock('device-remote'), dram: perBlock('dram'), ssd: perBlock('ssd') };
    const setup = options.setupMs ?? {};
    this.setupMs = { 'device-remote': setup['device-remote'] ?? 0, dram: setup.dram ?? 0, ssd: setup.ssd ?? 0 };
  }

  transferMs(blocks: number, path: TransferPath): number {
    if (blocks <= 0) return 0;
    // Named fields rather than `record[path]`: a lookup by a variable key is a dictionary probe, and Algorithm 1 asks this for every instance.
    const { msPerBlock, setupMs } = this;
    if (path === 'dram') return setupMs.dram + blocks * msPerBlock.dram;
    if (path === 'ssd') return setupMs.ssd + blocks * msPerBlock.ssd;
    return setupMs['device-remote'] + blocks * msPerBlock['device-remote'];
  }
}
