import { type Result } from '@tsukimi/result';
import {
  createScheduler,
  DEFAULT_SESSION_AFFINITY,
  type EngineProfile,
  type MonotonicClock,
  type Scheduler,
  type SchedulerSettings,
  type SchedulerSettingsError,
  SessionAffinity,
} from '@tsukimi/scheduler';
import { type TransferSettings } from './estimator.refit';

/** The conductor's scheduler settings, less what each refit supplies (the estimators). */
export type ConductorSchedulerSettings = Omit<SchedulerSettings, 'estimators' | 'sessions' | 'sessionAffinity'> & {
  readonly kvcacheBalanceThreshold?: number;
};

/**
 * Builds the conductor's scheduler over each engine profile and transfer costs the refit loop
 * learns. The session map is made once, with the builder, and shared by every scheduler it
 * builds: a refit changes the estimates, never where a session's next turn is expected.
 */
export class ConductorSchedulerBuilder {
  private readonly sessions: SessionAffinity;

  constructor(
    private readonly settings: ConductorSchedulerSettings,
    clock: MonotonicClock,
  ) {
    this.sessions = new SessionAffinity(clock, DEFAULT_SESSION_AFFINITY);
  }

  build(profile: EngineProfile | undefined, transfers: TransferSettings): Result<Scheduler, SchedulerSettingsError> {
    const { kvcacheBalanceThreshold, ...settings } = this.settings;
    return createScheduler({
      ...settings,
      estimators: { ...(profile ? { profile } : {}), ...transfers, ...(kvcacheBalanceThreshold === undefined ? {} : { kvcacheBalanceThreshold }) },
      sessions: this.sessions,
    });
  }
}
