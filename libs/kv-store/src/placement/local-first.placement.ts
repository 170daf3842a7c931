import { type PlacementStrategy } from './placement.port';
import { sampleNodes } from './random.placement';

/**
 * The writer's own node first, when it has room, then uniform over the rest. A node that rejoins
 * empty attracts only the writes of its own clients.
 */
export const localFirstPlacement: PlacementStrategy = {
  type: 'local-first',
  place(request, candidates, random) {
    const local = candidates.find((node) => node.nodeId === request.preferredNode);
    if (local === undefined) return sampleNodes(candidates, request.replicas, random);
    const others = candidates.filter((node) => node !== local);
    return [local.nodeId, ...sampleNodes(others, request.replicas - 1, random)];
  },
};
