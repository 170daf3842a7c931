import { err, ok, type Result } from '@tsukimi/result';
import { type ConfigProblem, PluginParameters } from './plugin-parameters';
import { type Filter, type PluginDeps, type PluginFactory, type PluginKind, type Picker, type Scorer } from './plugin.port';
import { type PluginRegistry } from './plugin.registry';
import { parseSchedulerProfile, type PluginRef, type RoleProfileConfig, type SchedulerProfileConfig } from './profile.config';
import { SchedulingProfile, type WeightedScorer } from './scheduling.profile';

type PluginOf<K extends PluginKind> = K extends 'filter' ? Filter : K extends 'scorer' ? Scorer : Picker;

/** Builds one role's profile from configuration; every problem names its key (`prefill.scorers[0].type`). */
export function buildProfile(config: RoleProfileConfig, key: string, registry: PluginRegistry, deps: PluginDeps): Result<SchedulingProfile, ConfigProblem> {
  const filters: Filter[] = [];
  for (const [i, ref] of (config.filters ?? []).entries()) {
    const built = create(ref, `${key}.filters[${i}]`, 'filter', registry, deps);
    if (!built.ok) return built;
    filters.push(built.value);
  }
  const scorers: WeightedScorer[] = [];
  for (const [i, ref] of (config.scorers ?? []).entries()) {
    const built = create(ref, `${key}.scorers[${i}]`, 'scorer', registry, deps);
    if (!built.ok) return built;
    scorers.push({ scorer: built.value, weight: ref.weight ?? 1 });
  }
  const picker = create(config.picker, `${key}.picker`, 'picker', registry, deps);
  if (!picker.ok) return picker;
  const name = config.name ?? config.scorers?.[0]?.type ?? config.picker.type;
  return ok(new SchedulingProfile(name, filters, scorers, picker.value));
}

function create<K extends PluginKind>(ref: PluginRef, key: string, kind: K, registry: PluginRegistry, deps: PluginDeps): Result<PluginOf<K>, ConfigProblem> {
  const factory: PluginFactory | undefined = registry.get(ref.type);
  if (factory === undefined) return err({ key: `${key}.type`, message: `unknown plugin type "${ref.type}" (known: ${registry.types.join(', ')})` });
  if (factory.kind !== kind) return err({ key: `${key}.type`, message: `"${ref.type}" is a ${factory.kind}, not a ${kind}` });
  const built = factory.create(new PluginParameters(ref.parameters ?? {}, `${key}.parameters`), deps);
  return built as Result<PluginOf<K>, ConfigProblem>;
}

/**
 * A scheduler profile read from configuration (parsed JSON), checked whole: its shape, then
 * every plugin's type and parameters, so that a bad profile stops a service at start.
 */
export function loadSchedulerProfile(value: unknown, registry: PluginRegistry): Result<SchedulerProfileConfig, ConfigProblem> {
  const parsed = parseSchedulerProfile(value);
  if (!parsed.ok) return parsed;
  for (const role of ['prefill', 'decode'] as const) {
    const built = buildProfile(parsed.value[role], role, registry, {});
    if (!built.ok) return built;
  }
  return parsed;
}
