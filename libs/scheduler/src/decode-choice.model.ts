import { type InstanceSnapshot } from './instance.model';
import { type SchedulingContext } from './profile/scheduling.context';
import { type SchedulingProfile } from './profile/scheduling.profile';

/** A decode instance chosen for a request and how its time between tokens is predicted to fare. */
export interface DecodeChoice {
  readonly instance: InstanceSnapshot;
  /** Predicted TBT with the request added; absent when the decode profile did not judge by it. */
  readonly tbtMs?: number;
  /** Whether the prediction stays under the target; the best instance is still named when none does. */
  readonly withinSlo: boolean;
}

/** The decode profile's pick, with its TBT prediction and verdict when the profile judged by one. */
export function chooseDecode(profile: SchedulingProfile, ctx: SchedulingContext, candidates: readonly InstanceSnapshot[]): DecodeChoice | undefined {
  const pick = profile.run(ctx, candidates);
  if (pick === undefined) return undefined;
  const tbtMs = ctx.predictedTbtMs(pick.instance);
  return tbtMs === undefined ? { instance: pick.instance, withinSlo: true } : { instance: pick.instance, tbtMs, withinSlo: tbtMs <= ctx.tbtLimitMs };
}
