import { type NodeId } from '../common/node-id';
import { randomIndex, type Random } from '../common/random';
import { type NodeSpace, type PlacementRequest, type PlacementStrategy } from './placement.port';

/** `count` distinct nodes drawn uniformly (a partial Fisher-Yates shuffle). */
export function sampleNodes(candidates: readonly NodeSpace[], count: number, random: Random): NodeId[] {
  const pool = candidates.map((node) => node.nodeId);
  const chosen: NodeId[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = randomIndex(random, pool.length);
    const [picked] = pool.splice(index, 1);
    if (picked !== undefined) chosen.push(picked);
  }
  return chosen;
}

/**
 * Uniform over the nodes with room. Blind to fullness, so a node that rejoins empty takes only its
 * 1/N share of new writes and fills at the pace of the others.
 */
export const randomPlacement: PlacementStrategy = {
  type: 'random',
  place: (request: PlacementRequest, candidates, random) => sampleNodes(candidates, request.replicas, random),
};
