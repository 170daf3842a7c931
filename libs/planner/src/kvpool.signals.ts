import { hitRatioCurve } from '@tsukimi/kv-store';
import { type KvpoolSignals } from './planner';
import { type PoolReadStats } from './pool-read-stats.port';

/**
 * The slow loop's kvpool signals from the master's read statistics: the curve as recorded, a
 * node's DRAM in blocks (its mean budget over the mean block read), and the nodes' SSD now. None while the curve says
 * nothing (no sampled read yet, recording off) or no node or block size is known: the planner
 * then holds the pool with `no-signal` rather than size it from an empty curve.
 */
export function kvpoolSignalsFrom(stats: PoolReadStats): KvpoolSignals | undefined {
  const { reuseDistances, meanBlockBytes, storageNodes, dramBytesPerNode, ssdBytesPerNode } = stats;
  const sampledReads = reuseDistances.coldReads + reuseDistances.counts.reduce((a, b) => a + b, 0);
  if (reuseDistances.sampleRate <= 0 || sampledReads === 0 || storageNodes === 0 || meanBlockBytes <= 0) return undefined;
  const blocksPerNode = Math.floor(dramBytesPerNode / meanBlockBytes);
  if (blocksPerNode < 1) return undefined;
  return { nodes: storageNodes, curve: hitRatioCurve(reuseDistances), blocksPerNode, blockBytes: meanBlockBytes, ssdBytesPerNode };
}
