import { type InstanceSnapshot } from '../instance.model';
import { type ChosenBy } from '../schedule.model';
import { type Filter, type Picker, type Scorer } from './plugin.port';
import { type SchedulingContext } from './scheduling.context';

export interface WeightedScorer {
  readonly scorer: Scorer;
  readonly weight: number;
}

/** The profile's choice and what made it. */
export interface ProfilePick {
  readonly instance: InstanceSnapshot;
  readonly chosenBy: ChosenBy;
}

/**
 * How one role (prefill or decode) picks an instance, after the llm-d inference scheduler:
 * filters narrow the candidates, weighted scorers rate those left, one picker chooses.
 */
export class SchedulingProfile {
  constructor(
    /** Reported with each decision as its `policy`. */
    readonly name: string,
    readonly filters: readonly Filter[],
    readonly scorers: readonly WeightedScorer[],
    readonly picker: Picker,
  ) {}

  run(ctx: SchedulingContext, candidates: readonly InstanceSnapshot[]): ProfilePick | undefined {
    let chosenBy: ChosenBy = 'policy';
    let left = candidates;
    for (const filter of this.filters) {
      const result = filter.filter(ctx, left);
      left = result.candidates;
      if (result.chosenBy !== undefined) chosenBy = result.chosenBy;
      if (left.length === 0) return undefined;
    }
    const totals = ctx.scratchFloat64(left.length);
    // Scores cannot change a choice of one.
    for (const { scorer, weight } of left.length > 1 ? this.scorers : []) {
      const scores = scorer.score(ctx, left);
      for (let i = 0; i < left.length; i++) totals[i]! += weight * scores[i]!;
    }
    const instance = this.picker.pick(ctx, left, totals);
    return instance && { instance, chosenBy };
  }
}
