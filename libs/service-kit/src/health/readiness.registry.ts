import { healthy, unhealthy, type HealthResult } from '@tsukimi/telemetry';
import { type LifecycleState, type ServiceLifecycle } from '../lifecycle/service-lifecycle';

/** One readiness condition: model loaded, kvpool reachable. May be async; a throw counts as down. */
export type ReadinessCheck = () => Promise<HealthResult> | HealthResult;

/** What `/readyz` reports: ready only while serving and every check is up. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly state: LifecycleState;
  readonly checks: Readonly<Record<string, HealthResult>>;
}

/** The check the registry adds itself: down while starting, draining or stopped. */
export const LIFECYCLE_CHECK = 'lifecycle';

/**
 * Readiness checks of one service instance. Checks run concurrently on every probe, each
 * bounded by `checkTimeoutMs`, so a hung dependency makes the instance unready rather than
 * making the probe hang.
 */
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(
    private readonly lifecycle: ServiceLifecycle,
    private readonly checkTimeoutMs: number,
  ) {}

  /** Adds a check; returns a function that removes it. A duplicate name is a bug, so it throws. */
  register(name: string, check: ReadinessCheck): () => void {
    if (name === LIFECYCLE_CHECK || this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  async evaluate(): Promise<ReadinessReport> {
    const state = this.lifecycle.state;
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const),
    );
    const checks: Record<string, HealthResult> = {
      [LIFECYCLE_CHECK]: state === 'serving' ? healthy() : unhealthy(state),
      ...Object.fromEntries(entries),
    };
    return { ready: Object.values(checks).every((result) => result.status === 'up'), state, checks };
  }

  private async run(check: ReadinessCheck): Promise<HealthResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthResult>((resolve) => {
      timer = setTimeout(() => resolve(unhealthy('check timed out', { timeoutMs: this.checkTimeoutMs })), this.checkTimeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } catch (error) {
      return unhealthy('check failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
