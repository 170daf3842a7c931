import { type Result } from '@tsukimi/result';
import { type SessionAffinity } from '../affinity/session-affinity.map';
import { type InstanceSnapshot } from '../instance.model';
import { type ChosenBy } from '../schedule.model';
import { type ConfigProblem, type PluginParameters } from './plugin-parameters';
import { type SchedulingContext } from './scheduling.context';

export interface FilterResult {
  /** The candidates that stay; none means the profile picks nobody. */
  readonly candidates: readonly InstanceSnapshot[];
  /** Set by a filter that decided the pick by itself (narrowed to one for its own reason); reported as the decision's `chosenBy`. */
  readonly chosenBy?: ChosenBy;
}

/** Removes candidates that must not serve the request. Runs before scoring, in profile order. */
export interface Filter {
  readonly type: string;
  filter(ctx: SchedulingContext, candidates: readonly InstanceSnapshot[]): FilterResult;
}

/**
 * Rates each candidate from 0 (worst) to 1 (best) by one criterion. The profile sums the scores
 * times each scorer's weight; equal criteria give equal scores, so that ties stay ties.
 */
export interface Scorer {
  readonly type: string;
  /** One score per candidate, in candidate order. */
  score(ctx: SchedulingContext, candidates: readonly InstanceSnapshot[]): ArrayLike<number>;
}

/** Chooses one candidate from the weighted score totals (`totals[i]` is `candidates[i]`'s). */
export interface Picker {
  readonly type: string;
  pick(ctx: SchedulingContext, candidates: readonly InstanceSnapshot[], totals: Float64Array): InstanceSnapshot | undefined;
}

/** What a plugin may be built with besides its parameters: state that outlives one scheduler. */
export interface PluginDeps {
  /** Which instance served each session's previous turn; session affinity is off without it. */
  readonly sessions?: SessionAffinity;
}

interface FactoryOf<K extends string, P> {
  readonly kind: K;
  /** The name profiles use for the plugin. */
  readonly type: string;
  /** Builds the plugin from its parameters, refusing bad ones with the key that names them. */
  create(parameters: PluginParameters, deps: PluginDeps): Result<P, ConfigProblem>;
}

export type FilterFactory = FactoryOf<'filter', Filter>;
export type ScorerFactory = FactoryOf<'scorer', Scorer>;
export type PickerFactory = FactoryOf<'picker', Picker>;
export type PluginFactory = FilterFactory | ScorerFactory | PickerFactory;
export type PluginKind = PluginFactory['kind'];
