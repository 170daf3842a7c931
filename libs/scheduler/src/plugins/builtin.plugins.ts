import { PluginRegistry } from '../profile/plugin.registry';
import { kvcacheCentricScorer } from './kvcache-centric.scorer';
import { leastLoadedScorer } from './least-loaded.scorer';
import { maxScorePicker } from './max-score.picker';
import { prefixAwareScorer } from './prefix-aware.scorer';
import { roundRobinPicker } from './round-robin.picker';
import { sessionAffinityFilter } from './session-affinity.filter';
import { tbtSloFilter } from './tbt-slo.filter';

/** A registry of every plugin this library ships; register more on the registry returned. */
export function builtinPlugins(): PluginRegistry {
  return new PluginRegistry([kvcacheCentricScorer, prefixAwareScorer, leastLoadedScorer, tbtSloFilter, sessionAffinityFilter, maxScorePicker, roundRobinPicker]);
}
