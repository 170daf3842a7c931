import { type EngineProfile, type EstimateCalibration, type GapCalibration, type Scheduler, type TransferPath, type TransferSettings } from '@tsukimi/scheduler';
import { EngineProfileLearner } from '../engine-profile.learner';
import { EstimateCalibrator } from '../estimate.calibrator';
import { type InstanceRegistry } from '../instance.registry';
import { type SchedulerHolder } from '../scheduler.holder';
import { TransferLearner } from '../transfer.learner';
import { GapCalibrator } from './gap.calibrator';


/** A fetch moving this much more or less per block than the last fit refits the estimators. */
const TRANSFER_REFIT_RATIO = 1.25;

export interface EstimatorRefitOptions {
  readonly registry: InstanceRegistry;
  readonly holder: SchedulerHolder;
  /** The configured scheduler over a profile (absent: stand-in estimates), measured transfer costs and what calibration learnt. */
  readonly build: (profile: EngineProfile | undefined, transfers: TransferSettings, calibration: EstimateCalibration) => Scheduler;
  /** A fitted profile loaded from a file: used instead of the instances' timings. */
  readonly profileFile?: EngineProfile;
  /** The TBT target admission holds streams to, before any priority class scales it: it bounds the gap overhead learnt. */
  readonly tbtTargetMs?: number;
  /**
   * Told what each refit installed: the profile, the scale applied to its prefill costs, what the
   * gaps taught of its decode steps, and whether the profile itself was fitted anew (new engine
   * timings) or only recalibrated.
   */
  readonly onRefit?: (profile: EngineProfile, calibrationScale: number, gap: GapCalibration, profileFitted: boolean) => void;
  /**
   * Where a rebuild that calibration asks for runs. A request's TTFT, gap or pool fetch moves the
   * calibration: the conductor passes `setImmediate`, so that the rebuild (and its log line) runs
   * after the request's own work in that turn, and the moves of one turn rebuild once. Absent:
   * at once.
   */
  readonly defer?: (rebuild: () => void) => void;
}

/**
 * Keeps the scheduler's estimators fitted to what the cluster shows: the engines' own timings
 * (from their Describe answers), the pool fetches prefill instances report, the ratio of real
 * to estimated TTFT (which scales prefill costs) and each stream's longest gap between tokens
 * against the step model's figure when it was admitted (an overhead per gap and a scale on the
 * decode-step costs, `GapCalibrator`). Each of these that
 * moves enough rebuilds the scheduler. One estimator set serves the cluster, fitted to the first
 * model described.
 */
export class EstimatorRefit {
  readonly learner = new EngineProfileLearner();
  private readonly calibrator = new EstimateCalibrator();
  private readonly gaps: GapCalibrator;
  private readonly transfers = new TransferLearner();
  /** Calibration compares outcomes with estimates from a fitted profile only, never the stand-in. */
  private fitted: boolean;
  /** The profile last fitted: the engines' timings change only when `refit` is called, calibration rebuilds over it. */
  private profile: EngineProfile | undefined;
  private rebuildPending = false;

  constructor(private readonly o: EstimatorRefitOptions) {
    this.fitted = o.profileFile !== undefined;
    this.gaps = new GapCalibrator(o.tbtTargetMs === undefined ? {} : { tbtTargetMs: o.tbtTargetMs });
  }

  /** Fits the profile to the engines' timings the learner holds (call it when they change) and rebuilds the scheduler over it, with what calibration has seen of real TTFTs and gaps. */
  refit(): void {
    const facts = this.o.registry.models()[0];
    if (!facts) return;
    const profile = this.o.profileFile ?? this.learner.profile({ engine: facts.modelId, blockSizeTokens: facts.blockSizeTokens, blockBytes: facts.blockBytes });
    if (!profile) return;
    this.profile = profile;
    this.install(profile, true);
  }

  /** One rebuild for the calibration's moves, where `defer` puts it. */
  private recalibrate(): void {
    if (!this.o.defer) {
      this.rebuild();
      return;
    }
    if (this.rebuildPending) return;
    this.rebuildPending = true;
    this.o.defer(() => {
      this.rebuildPending = false;
      this.rebuild();
    });
  }

  private rebuild(): void {
    if (this.profile) this.install(this.profile, false);
    else this.refit();
  }

  private install(profile: EngineProfile, profileFitted: boolean): void {
    const calibration: EstimateCalibration = { prefillScale: this.calibrator.scale, gap: this.gaps.calibration };
    this.o.holder.replace(this.o.build(profile, measuredTransfers(this.transfers, profile.blockBytes), calibration));
    this.fitted = true;
    this.o.onRefit?.(profile, this.calibrator.scale, this.gaps.calibration, profileFitted);
  }

  /** What one prefill fetched from the pool and how long it took. A fetch from one tier only says what that tier costs; mixed ones are left out. */
  poolFetch(fetch: { readonly dramBlocks: number; readonly ssdBlocks: number; readonly ms: number }): void {
    const path = fetch.ssdBlocks === 0 ? 'dram' : fetch.dramBlocks === 0 ? 'ssd' : undefined;
    if (!path) return;
    const before = this.transfers.fit(path);
    this.transfers.record(path, { blocks: fetch.dramBlocks + fetch.ssdBlocks, ms: fetch.ms });
    const after = this.transfers.fit(path);
    if (this.fitted && after && (!before || Math.abs(Math.log(after.msPerBlock / before.msPerBlock)) > Math.log(TRANSFER_REFIT_RATIO))) this.recalibrate();
  }

  /** One request's estimated and actual time to first token. */
  ttft(estimatedMs: number, actualMs: number): void {
    if (this.fitted && this.calibrator.observe(estimatedMs, actualMs) !== undefined) this.recalibrate();
  }

  /** One stream's modelled step when it was admitted (the step model's own figure, before calibration), and the longest gap it then saw. */
  tbt(modelledStepMs: number, longestGapMs: number): void {
    if (this.fitted && this.gaps.observe(modelledStepMs, longestGapMs) !== undefined) this.recalibrate();
  }
}

/** Bandwidth and setup per path as the prefill instances' fetches measured them; stand-ins for paths not yet seen. */
function measuredTransfers(learner: TransferLearner, blockBytes: number): TransferSettings {
  const bandwidthBytesPerS: Partial<Record<TransferPath, number>> = {};
  const transferSetupMs: Partial<Record<TransferPath, number>> = {};
  for (const path of ['dram', 'ssd'] as const) {
    const fit = learner.fit(path);
    if (!fit) continue;
    bandwidthBytesPerS[path] = (blockBytes / fit.msPerBlock) * 1000;
    transferSetupMs[path] = fit.setupMs;
  }
  // Another instance's memory reaches a prefill instance through the pool's DRAM here.
  if (bandwidthBytesPerS.dram !== undefined) {
    bandwidthBytesPerS['device-remote'] = bandwidthBytesPerS.dram;
    transferSetupMs['device-remote'] = transferSetupMs.dram;
  }
  return { bandwidthBytesPerS, transferSetupMs };
}
