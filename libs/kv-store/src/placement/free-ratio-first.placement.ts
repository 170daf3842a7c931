import { type NodeId } from '../common/node-id';
import { type Random } from '../common/random';
import { type NodeSpace, type PlacementStrategy } from './placement.port';
import { sampleNodes } from './random.placement';

function freeRatio(node: NodeSpace): number {
  return node.capacityBytes === 0 ? 0 : (node.capacityBytes - node.usedBytes) / node.capacityBytes;
}

/**
 * The freer of two nodes drawn at random ("power of two choices"), per replica. Strict
 * emptiest-first would send every new write to a node that rejoins empty until it caught up, a
 * hot spot for writes and then for reads of fresh prefixes; two choices still steer load towards
 * free nodes, but any one node, however empty, wins only the draws it is part of: about 2/N of
 * the writes.
 */
export const freeRatioFirstPlacement: PlacementStrategy = {
  type: 'free-ratio-first',
  place(request, candidates, random: Random): readonly NodeId[] {
    const remaining = [...candidates];
    const chosen: NodeId[] = [];
    while (chosen.length < request.replicas && remaining.length > 0) {
      const drawn = sampleNodes(remaining, 2, random).map((id) => remaining.find((node) => node.nodeId === id));
      const [first, second] = drawn;
      const winner = second !== undefined && first !== undefined && freeRatio(second) > freeRatio(first) ? second : first;
      if (winner === undefined) break;
      chosen.push(winner.nodeId);
      remaining.splice(remaining.indexOf(winner), 1);
    }
    return chosen;
  },
};
