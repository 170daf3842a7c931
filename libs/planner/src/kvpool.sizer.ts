/** The pool's hit ratio as a function of its capacity, e.g. a `ReuseDistanceHistogram`. */
export interface HitRatioCurve {
  /** Share of block reads a cache of this many blocks would hit, 0..1, rising with capacity. */
  hitRatio(capacityBlocks: number): number;
}

export interface KvpoolPlan {
  /** Storage nodes whose DRAM the curve says is worth having. */
  readonly nodes: number;
  /** The hit ratio the curve predicts with that many nodes. */
  readonly hitRatio: number;
  /** What one more node would add to it. */
  readonly nextNodeGain: number;
}

/**
 * Sizes the kvpool's DRAM by the marginal value of a node: add nodes while they raise the hit
 * ratio by at least `minGainPerNode` each (one more node of DRAM buys exactly
 * `curve(n+1 nodes) - curve(n nodes)`), within `[minNodes, maxNodes]`. Each hit is a prefill
 * the cluster does not compute, so the threshold is the operator's price of a node in hit points.
 * LRU curves have cliffs (a prefix set read in turn hits nothing until all of it fits), so the
 * step is taken over the curve's concave hull: k more nodes are worth it when they buy
 * `k * minGainPerNode` together, though the first of them alone buys nothing.
 */
export function planKvpool(curve: HitRatioCurve, blocksPerNode: number, minGainPerNode: number, minNodes: number, maxNodes: number): KvpoolPlan {
  const at = (nodes: number) => curve.hitRatio(nodes * blocksPerNode);
  let nodes = Math.max(1, minNodes);
  while (nodes < maxNodes) {
    let bestStep = 0;
    let bestGainPerNode = -Infinity;
    for (let step = 1; nodes + step <= maxNodes; step++) {
      const gainPerNode = (at(nodes + step) - at(nodes)) / step;
      if (gainPerNode > bestGainPerNode) [bestStep, bestGainPerNode] = [step, gainPerNode];
    }
    if (bestGainPerNode < minGainPerNode) break;
    nodes += bestStep;
  }
  return { nodes, hitRatio: at(nodes), nextNodeGain: at(nodes + 1) - at(nodes) };
}
