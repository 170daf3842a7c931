import { type EngineProfile, type EstimateCalibration, type Scheduler, type TransferPath, type TransferSettings } from '@tsukimi/scheduler';
import { EngineProfileLearner } from '../engine-profile.learner';
import { EstimateCalibrator } from '../estimate.calibrator';
import { type InstanceRegistry } from '../instance.registry';
import { type SchedulerHolder } from '../scheduler.holder';
import { TransferLearner } from '../transfer.learner';


/** A fetch moving this much more or less per block than the last fit refits the estimators. */
const TRANSFER_REFIT_RATIO = 1.25;

/**
 * How far the step-time model may be scaled. Gaps at the client hold, besides the engine's step,
 * each stream's token passing through two processes; on a small model that can be a hundred
 * times the step itself, so the bound is wider than the prefill's.
 */
const STEP_SCALE_BOUNDS: readonly [number, number] = [0.25, 1024];

/**
 * A stream teaches the step scale only when its longest gap or the TBT predicted for it reaches
 * this share of the TBT target. Below it, on both counts, the gap is the token's way through the
 * processes and their jitter, a few milliseconds whatever the batch; a scale learnt from it
 * multiplies the per-request and per-token costs too, so batches the decode instance serves well
 * within the target are predicted past it (on the overload bench's tiny model, gaps of 6 ms over
 * steps predicted at 0.05 ms gave a scale of 150-450, and 40% of a steady 20 requests/s was
 * refused while the admitted streams' longest gap stayed at p99 42 ms of 100).
 */
const TBT_SHARE_THAT_TEACHES = 0.5;

export interface EstimatorRefitOptions {
  readonly registry: InstanceRegistry;
  readonly holder: SchedulerHolder;
  /** The configured scheduler over a profile (absent: stand-in estimates), measured transfer costs and what calibration learnt. */
  readonly build: (profile: EngineProfile | undefined, transfers: TransferSettings, calibration: EstimateCalibration) => Scheduler;
  /** A fitted profile loaded from a file: used instead of the instances' timings. */
  readonly profileFile?: EngineProfile;
  /** The TBT target admission holds streams to, before any priority class scales it; absent, every stream teaches the step scale. */
  readonly tbtTargetMs?: number;
  /** Told what each refit installed: the profile, and the scales applied to its prefill and its decode-step costs. */
  readonly onRefit?: (profile: EngineProfile, calibrationScale: number, stepScale: number) => void;
}

/**
 * Keeps the scheduler's estimators fitted to what the cluster shows: the engines' own timings
 * (from their Describe answers), the pool fetches prefill instances report, the ratio of real
 * to estimated TTFT (which scales prefill costs) and of each stream's longest gap between tokens
 * to the TBT predicted when it was admitted (which scales decode-step costs). Each of these that
 * moves enough rebuilds the scheduler. One estimator set serves the cluster, fitted to the first
 * model described.
 */
export class EstimatorRefit {
  readonly learner = new EngineProfileLearner();
  private readonly calibrator = new EstimateCalibrator();
  private readonly stepCalibrator = new EstimateCalibrator(undefined, undefined, undefined, STEP_SCALE_BOUNDS);
  private readonly transfers = new TransferLearner();
  /** Calibration compares outcomes with estimates from a fitted profile only, never the stand-in. */
  private fitted: boolean;

  constructor(private readonly o: EstimatorRefitOptions) {
    this.fitted = o.profileFile !== undefined;
  }

  /** Rebuilds the scheduler over the learnt profile, with what calibration has seen of real TTFTs and gaps. */
  refit(): void {
    const facts = this.o.registry.models()[0];
    if (!facts) return;
    const profile = this.o.profileFile ?? this.learner.profile({ engine: facts.modelId, blockSizeTokens: facts.blockSizeTokens, blockBytes: facts.blockBytes });
    if (!profile) return;
    const calibration = { prefillScale: this.calibrator.scale, stepScale: this.stepCalibrator.scale };
    this.o.holder.replace(this.o.build(profile, measuredTransfers(this.transfers, profile.blockBytes), calibration));
    this.fitted = true;
    this.o.onRefit?.(profile, this.calibrator.scale, this.stepCalibrator.scale);
  }

  /** What one prefill fetched from the pool and how long it took. A fetch from one tier only says what that tier costs; mixed ones are left out. */
  poolFetch(fetch: { readonly dramBlocks: number; readonly ssdBlocks: number; readonly ms: number }): void {
    const path = fetch.ssdBlocks === 0 ? 'dram' : fetch.dramBlocks === 0 ? 'ssd' : undefined;
    if (!path) return;
    const before = this.transfers.fit(path);
    this.transfers.record(path, { blocks: fetch.dramBlocks + fetch.ssdBlocks, ms: fetch.ms });
    const after = this.transfers.fit(path);
    if (this.fitted && after && (!before || Math.abs(Math.log(after.msPerBlock / before.msPerBlock)) > Math.log(TRANSFER_REFIT_RATIO))) this.refit();
  }

  /** One request's estimated and actual time to first token. */
  ttft(estimatedMs: number, actualMs: number): void {
    if (this.fitted && this.calibrator.observe(estimatedMs, actualMs) !== undefined) this.refit();
  }

  /** One stream's time between tokens as predicted when it was admitted, and the longest gap it then saw. */
  tbt(predictedMs: number, longestGapMs: number): void {
    const teachesFromMs = (this.o.tbtTargetMs ?? 0) * TBT_SHARE_THAT_TEACHES;
    if (predictedMs < teachesFromMs && longestGapMs < teachesFromMs) return;
    if (this.fitted && this.stepCalibrator.observe(predictedMs, longestGapMs) !== undefined) this.refit();
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
