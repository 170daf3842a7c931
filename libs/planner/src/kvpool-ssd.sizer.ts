import { type HitRatioCurve } from './kvpool.sizer';
import { type KvpoolSsdDecision } from './planner.model';

/** Bounds of the SSD each storage node should have, and how close to the curve's best it must reach. */
export interface KvpoolSsdBounds {
  readonly minBytesPerNode: number;
  readonly maxBytesPerNode: number;
  /** The SSD may stop this far short of the best hit ratio the curve shows (0.01: one point). */
  readonly hitRatioSlack: number;
}

/** The pool the SSD goes behind: its nodes, what one node's DRAM holds, and the mean block. */
export interface KvpoolSsdInput {
  readonly curve: HitRatioCurve;
  readonly nodes: number;
  readonly dramBlocksPerNode: number;
  readonly blockBytes: number;
}

export interface KvpoolSsdPlan {
  readonly bytesPerNode: number;
  /** The hit ratio the curve predicts with every node's DRAM and that SSD. */
  readonly hitRatio: number;
  /**
   * `hit-ratio-gain`: SSD beyond DRAM that the curve says buys hits; `hit-ratio-plateau`: DRAM
   * alone comes within the slack, none is wanted; `at-max`: the curve still gains past the
   * maximum; `at-min`: the minimum is more than the curve asks for.
   */
  readonly reason: KvpoolSsdDecision['reason'];
}

/** A capacity past any the histogram can tell apart: the curve's best. */
const UNBOUNDED_BLOCKS = Number.MAX_SAFE_INTEGER;

/**
 * The SSD each node should have behind its DRAM. Blocks demote from DRAM to the node's SSD and
 * the pool's capacity is every node's DRAM plus SSD, so the curve is read at
 * `nodes * (dram + ssd)`. SSD is cheap next to DRAM and a hit on it still saves a prefill, so it
 * takes all the hit ratio the curve shows but the last `hitRatioSlack`: the smallest SSD per node
 * within that slack of the curve's best (the reads that hit at any size), within the bounds.
 * Whole blocks per node; the curve rises with capacity, so the search is a bisection.
 */
export function planKvpoolSsd(input: KvpoolSsdInput, bounds: KvpoolSsdBounds): KvpoolSsdPlan {
  const { curve, blockBytes } = input;
  const nodes = Math.max(1, input.nodes);
  const at = (ssdBlocksPerNode: number) => curve.hitRatio(nodes * (input.dramBlocksPerNode + ssdBlocksPerNode));
  const bytesOf = (blocks: number) => Math.ceil(blocks * blockBytes);
  const planned = (ssdBlocksPerNode: number, reason: KvpoolSsdPlan['reason']): KvpoolSsdPlan => {
    const bytesPerNode = bytesOf(ssdBlocksPerNode);
    if (bytesPerNode < bounds.minBytesPerNode) return { bytesPerNode: bounds.minBytesPerNode, hitRatio: at(Math.floor(bounds.minBytesPerNode / blockBytes)), reason: 'at-min' };
    return { bytesPerNode, hitRatio: at(ssdBlocksPerNode), reason };
  };
  const enough = curve.hitRatio(UNBOUNDED_BLOCKS) - bounds.hitRatioSlack;
  if (at(0) >= enough) return planned(0, 'hit-ratio-plateau');
  const maxBlocks = Math.floor(bounds.maxBytesPerNode / blockBytes);
  if (at(maxBlocks) < enough) return { bytesPerNode: bounds.maxBytesPerNode, hitRatio: at(maxBlocks), reason: 'at-max' };
  let short = 0;
  let reaches = maxBlocks;
  while (reaches - short > 1) {
    const mid = Math.floor((short + reaches) / 2);
    if (at(mid) >= enough) reaches = mid;
    else short = mid;
  }
  return planned(reaches, 'hit-ratio-gain');
}
