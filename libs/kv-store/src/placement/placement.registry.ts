import { freeRatioFirstPlacement } from './free-ratio-first.placement';
import { localFirstPlacement } from './local-first.placement';
import { type PlacementStrategy, type PlacementStrategyType } from './placement.port';
import { randomPlacement } from './random.placement';

const STRATEGIES: Readonly<Record<PlacementStrategyType, PlacementStrategy>> = {
  random: randomPlacement,
  'free-ratio-first': freeRatioFirstPlacement,
  'local-first': localFirstPlacement,
};

export function placementStrategy(type: PlacementStrategyType): PlacementStrategy {
  return STRATEGIES[type];
}
