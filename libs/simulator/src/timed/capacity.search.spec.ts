import { err, ok } from '@tsukimi/result';
import { CAPACITY_RESOLUTION_RATIO, searchCapacity } from './capacity.search';

/** A system whose share within SLO drops below 90% past `knee`. */
const kneeAt = (knee: number) => (speed: number) => Promise.resolve(ok(speed <= knee ? 0.95 : 0.5));

describe('searchCapacity', () => {
  it.each([3.3, 1, 0.3, 17.25])('finds a knee at speed %p within the resolution, from below', async (knee) => {
    const found = await searchCapacity(kneeAt(knee));
    if (!found.ok) throw new Error('unexpected error');
    const { speed, failingSpeed, probes } = found.value;
    expect(speed).toBeLessThanOrEqual(knee);
    expect(failingSpeed).toBeGreaterThan(knee);
    expect(failingSpeed / speed).toBeLessThanOrEqual(CAPACITY_RESOLUTION_RATIO);
    expect(probes.length).toBeLessThan(20);
  });

  it('says 0 when even the slowest speed fails', async () => {
    const found = await searchCapacity(() => Promise.resolve(ok(0.1)));
    expect(found).toMatchObject({ ok: true, value: { speed: 0 } });
  });

  it('stops at the first error and returns it', async () => {
    const found = await searchCapacity((speed) => Promise.resolve(speed > 1 ? err('bad line') : ok(1)));
    expect(found).toEqual({ ok: false, error: 'bad line' });
  });
});
