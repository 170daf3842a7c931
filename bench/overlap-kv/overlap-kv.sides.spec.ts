import { sideOptions } from './overlap-kv.sides';

/** Drops the overlap flags, leaving what must be equal on both sides. */
const withoutOverlap = (args: readonly string[] | undefined) => (args ?? []).filter((a) => a !== '--overlap-kv' && a !== '--no-overlap-kv');

describe('overlap-kv bench sides', () => {
  it('are the same cluster but for --overlap-kv on the prefill instance and the conductor', () => {
    const off = sideOptions('off', 256);
    const on = sideOptions('on', 256);
    expect({ ...on, prefillArgs: withoutOverlap(on.prefillArgs), conductorArgs: withoutOverlap(on.conductorArgs) }).toEqual({
      ...off,
      prefillArgs: withoutOverlap(off.prefillArgs),
      conductorArgs: withoutOverlap(off.conductorArgs),
    });
    expect(on.prefillArgs).toContain('--overlap-kv');
    expect(on.conductorArgs).toContain('--overlap-kv');
    expect(off.prefillArgs).toContain('--no-overlap-kv');
    expect(off.conductorArgs).toContain('--no-overlap-kv');
  });

  it.each([
    [false, true],
    [true, false],
  ])('with oneSession %s, run each service in a session of its own: %s', (oneSession, own) => {
    expect(sideOptions('on', 512, oneSession).ownSessions).toBe(own);
    expect(sideOptions('off', 512, oneSession).ownSessions).toBe(own);
  });
});
