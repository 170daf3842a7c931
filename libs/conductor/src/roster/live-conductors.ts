import { type ConductorRoster } from './conductor.roster.port';

/**
 * How many conductors serve the cluster now, as this one last learned from the roster: 1 until
 * its first check-in answers, and the last count while the roster is unreachable (a blip should
 * not move every tenant's threshold). Tenant fair shares read it: with requests spread evenly,
 * each conductor sees its part of the work in flight.
 */
export class LiveConductors {
  private live = 1;

  constructor(
    private readonly roster: ConductorRoster,
    readonly conductorId: string,
    private readonly wallClockMs: () => number,
  ) {}

  get count(): number {
    return this.live;
  }

  /** Checks in with the roster and keeps the count it answers; says why not when it could not. */
  async checkIn(): Promise<string | undefined> {
    const answer = await this.roster.checkIn(this.conductorId, this.wallClockMs());
    if (!answer.ok) return answer.error.message;
    this.live = Math.max(1, answer.value);
    return undefined;
  }
}
