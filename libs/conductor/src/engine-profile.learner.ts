import { type DecodeStepSample, type EngineProfile, type InstanceRole, type PrefillSample, fitDecodeStepCoefficients, fitPrefillCoefficients } from '@tsukimi/scheduler';

/** What the learner needs to know of the cluster's engines besides their timings. */
export interface EngineShape {
  readonly engine: string;
  readonly blockSizeTokens: number;
  readonly blockBytes: number;
}

/**
 * Builds the cluster's engine profile from the timings instances measured at start: prefill
 * timings from prefill instances, decode-step timings from decode instances. Every instance of
 * a cluster runs the same model and block layout (the registry refuses others), so their
 * samples are pooled; the fit is redone when a new instance brings samples.
 */
export class EngineProfileLearner {
  private readonly prefill = new Map<string, readonly PrefillSample[]>();
  private readonly decode = new Map<string, readonly DecodeStepSample[]>();

  /** Records an instance's timings; true when they were new (the profile may have changed). */
  record(instance: string, role: InstanceRole, prefill: readonly PrefillSample[], decode: readonly DecodeStepSample[]): boolean {
    const target = role === 'prefill' ? this.prefill : this.decode;
    if (target.has(instance)) return false;
    const samples = role === 'prefill' ? prefill : decode;
    if (samples.length === 0) return false;
    (target as Map<string, readonly unknown[]>).set(instance, samples);
    return true;
  }

  /** The fitted profile, once both roles have reported and the fits succeed. */
  profile(shape: EngineShape): EngineProfile | undefined {
    if (this.prefill.size === 0 || this.decode.size === 0) return undefined;
    const prefill = fitPrefillCoefficients([...this.prefill.values()].flat());
    const decode = fitDecodeStepCoefficients([...this.decode.values()].flat());
    if (!prefill.ok || !decode.ok) return undefined;
    // A least-squares term that came out negative is noise around zero; an estimator must not predict negative time.
    const clamp = <T extends object>(coefficients: T): T => Object.fromEntries(Object.entries(coefficients).map(([k, v]) => [k, Math.max(0, v as number)])) as T;
    return { ...shape, prefill: clamp(prefill.value), decode: clamp(decode.value) };
  }
}
