import { type TbtEstimator } from '../estimators/tbt.estimator';
import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type InstancePicker, type ScheduleRequest } from '../schedule.model';
import { type DecodeChoice, type DecodeSelector } from './decode-selector.port';
import { byLoad } from './least-loaded.picker';

/**
 * Decode selection under a TBT target: the least loaded of the instances whose predicted time
 * between tokens, with this request's context added, stays under the target. As a plain picker
 * it picks none when no instance fits, which the scheduler reports as overload.
 */
export class TbtSloPicker implements InstancePicker, DecodeSelector {
  readonly name = 'tbt-slo';

  constructor(
    private readonly estimator: TbtEstimator,
    private readonly tbtSloMs: number,
  ) {}

  pick(request: ScheduleRequest, candidates: readonly InstanceSnapshot[]): InstanceId | undefined {
    const choice = this.choose(request, candidates, 0, this.tbtSloMs);
    return choice?.withinSlo ? choice.instance.id : undefined;
  }

  choose(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], horizonMs: number, tbtLimitMs: number): DecodeChoice | undefined {
    let fit: InstanceSnapshot | undefined;
    let fitMs = 0;
    let lowest: InstanceSnapshot | undefined;
    let lowestMs = Infinity;
    for (const candidate of candidates) {
      const tbtMs = this.estimator.withRequestMs(candidate, request.promptTokens, horizonMs);
      if (tbtMs <= tbtLimitMs && (fit === undefined || byLoad(candidate, fit) < 0)) {
        fit = candidate;
        fitMs = tbtMs;
      }
      if (lowest === undefined || tbtMs < lowestMs) {
        lowest = candidate;
        lowestMs = tbtMs;
      }
    }
    if (fit !== undefined) return { instance: fit, tbtMs: fitMs, withinSlo: true };
    return lowest === undefined ? undefined : { instance: lowest, tbtMs: lowestMs, withinSlo: false };
  }
}
