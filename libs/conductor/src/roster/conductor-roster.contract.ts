import { type ConductorRoster } from './conductor.roster.port';

export interface ConductorRosterHarness {
  readonly roster: ConductorRoster;
  /** Another handle on the same roster, as another conductor sees it. */
  readonly rival: ConductorRoster;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2025, 0, 1);
const LAPSE_MS = 3_000;

/** The behaviour every ConductorRoster must show, on times the test chooses; the memory roster and the Redis adapter both run it. */
export function runConductorRosterContract(name: string, create: (setup: { readonly lapseMs: number }) => Promise<ConductorRosterHarness>): void {
  describe(`ConductorRoster contract: ${name}`, () => {
    let harness: ConductorRosterHarness | undefined;
    const open = async () => (harness = await create({ lapseMs: LAPSE_MS }));
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });

    it('counts a conductor alone as one', async () => {
      const { roster } = await open();
      expect(await roster.checkIn('c1', T0)).toEqual({ ok: true, value: 1 });
      expect(await roster.checkIn('c1', T0 + 1_000)).toEqual({ ok: true, value: 1 });
    });

    it('counts every conductor that checked in within the lapse, through any handle', async () => {
      const { roster, rival } = await open();
      await roster.checkIn('c1', T0);
      expect(await rival.checkIn('c2', T0 + 1_000)).toEqual({ ok: true, value: 2 });
      expect(await roster.checkIn('c1', T0 + 2_000)).toEqual({ ok: true, value: 2 });
    });

    it('stops counting a conductor not seen for the lapse', async () => {
      const { roster, rival } = await open();
      await rival.checkIn('c2', T0);
      expect(await roster.checkIn('c1', T0 + LAPSE_MS - 1)).toEqual({ ok: true, value: 2 });
      expect(await roster.checkIn('c1', T0 + LAPSE_MS)).toEqual({ ok: true, value: 1 });
    });
  });
}
