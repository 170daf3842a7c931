import { type Result } from '@tsukimi/result';
import { SessionAffinity, DEFAULT_SESSION_AFFINITY } from './affinity/session-affinity.map';
import { type MonotonicClock } from './clock.port';
import { type EngineProfile } from './estimators/engine-profile.model';
import { type EstimateCalibration, type EstimatorSettings } from './estimators/estimators.factory';
import { type Scheduler } from './scheduler';
import { createScheduler, type SchedulerSettings, type SchedulerSettingsError } from './scheduler.factory';

/** What a fetch of KV costs per path: the bandwidth and setup time measured (or assumed). */
export type TransferSettings = Pick<EstimatorSettings, 'bandwidthBytesPerS' | 'transferSetupMs'>;

/** Scheduler settings less what each build supplies (the estimators' profile and transfer costs). */
export type SchedulerBuilderSettings = Omit<SchedulerSettings, 'estimators' | 'sessions' | 'sessionAffinity'> & {
  readonly kvcacheBalanceThreshold?: number;
};

/**
 * Builds a scheduler over each engine profile and transfer costs: the conductor's, once per
 * refit of what it learns, and the simulator's, over its cost model. The session map is made
 * once, with the builder, and shared by every scheduler it builds: a refit changes the
 * estimates, never where a session's next turn is expected.
 */
export class SchedulerBuilder {
  private readonly sessions: SessionAffinity;

  /** `sessions`: a map the caller keeps too (the conductor fills it from the store its replicas share); a new one when absent. */
  constructor(
    private readonly settings: SchedulerBuilderSettings,
    clock: MonotonicClock,
    sessions?: SessionAffinity,
  ) {
    this.sessions = sessions ?? new SessionAffinity(clock, DEFAULT_SESSION_AFFINITY);
  }

  /** `calibration`: what outcomes showed of the profile's costs; none applied when absent. */
  build(profile: EngineProfile | undefined, transfers: TransferSettings, calibration?: EstimateCalibration): Result<Scheduler, SchedulerSettingsError> {
    const { kvcacheBalanceThreshold, ...settings } = this.settings;
    return createScheduler({
      ...settings,
      estimators: { ...(profile ? { profile } : {}), ...transfers, ...(kvcacheBalanceThreshold === undefined ? {} : { kvcacheBalanceThreshold }), ...(calibration ? { calibration } : {}) },
      sessions: this.sessions,
    });
  }
}
