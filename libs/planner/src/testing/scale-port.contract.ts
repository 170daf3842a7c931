import { type ScalePort, type ScaleTarget } from '../scale.port';

/** What a contract run needs: a port over a world that holds `existing` with `replicas`, and one name that does not exist. */
export interface ScalePortFixture {
  readonly port: ScalePort;
  readonly existing: readonly ScaleTarget[];
  readonly initialReplicas: number;
  readonly missing: ScaleTarget;
}

/**
 * The scale port's contract, run against the in-memory fake and the Kubernetes adapter alike
 * (the latter over real HTTP to a loopback server speaking the scale subresource's JSON).
 */
export function describeScalePortContract(name: string, setUp: () => Promise<ScalePortFixture>, tearDown: () => Promise<void> = async () => undefined): void {
  describe(`ScalePort contract: ${name}`, () => {
    let fixture: ScalePortFixture;
    beforeEach(async () => {
      fixture = await setUp();
    });
    afterEach(tearDown);

    it('reads the replicas of every kind of target', async () => {
      for (const target of fixture.existing) {
        const state = await fixture.port.read(target);
        expect(state).toEqual({ ok: true, value: expect.objectContaining({ specReplicas: fixture.initialReplicas }) });
      }
    });

    it('writes replicas, and a read then sees them', async () => {
      for (const [i, target] of fixture.existing.entries()) {
        const written = await fixture.port.write(target, fixture.initialReplicas + i + 2);
        expect(written).toEqual({ ok: true, value: expect.objectContaining({ specReplicas: fixture.initialReplicas + i + 2 }) });
        const state = await fixture.port.read(target);
        expect(state.ok && state.value.specReplicas).toBe(fixture.initialReplicas + i + 2);
      }
    });

    it('writing the replicas already set succeeds and changes nothing', async () => {
      const target = fixture.existing[0]!;
      expect((await fixture.port.write(target, fixture.initialReplicas)).ok).toBe(true);
      const state = await fixture.port.read(target);
      expect(state.ok && state.value.specReplicas).toBe(fixture.initialReplicas);
    });

    it('scales to zero', async () => {
      const target = fixture.existing[0]!;
      expect((await fixture.port.write(target, 0)).ok).toBe(true);
      const state = await fixture.port.read(target);
      expect(state.ok && state.value.specReplicas).toBe(0);
    });

    it('a missing target is not-found on read and on write, and is not created', async () => {
      expect(await fixture.port.read(fixture.missing)).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) });
      expect(await fixture.port.write(fixture.missing, 3)).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) });
      expect((await fixture.port.read(fixture.missing)).ok).toBe(false);
    });
  });
}
