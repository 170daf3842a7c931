import { formatConfigErrors, loadConfig } from '@tsukimi/config';
import { DEFAULT_CIRCUIT_OPTIONS } from '@tsukimi/conductor';
import { circuitOptions } from './circuit.config';
import { conductorSchema } from './conductor.config';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(conductorSchema, { argv, env, prefix: 'TSUKIMI_CONDUCTOR' });

describe('the conductor\'s circuit settings', () => {
  it('default to the library\'s circuit options, the stall bound left to the TBT SLO', () => {
    const loaded = load([]);
    expect(loaded.ok && circuitOptions(loaded.value)).toEqual(DEFAULT_CIRCUIT_OPTIONS);
    expect(loaded.ok && loaded.value.decodeStallTimeoutMs).toBeUndefined();
  });

  it('take every setting from flags and the environment', () => {
    const loaded = load(['--circuit-window-ms', '30s', '--circuit-error-rate', '0.25', '--circuit-min-calls', '20', '--decode-stall-timeout-ms', '1500'], {
      TSUKIMI_CONDUCTOR_CIRCUIT_CONSECUTIVE_TIMEOUTS: '3',
      TSUKIMI_CONDUCTOR_CIRCUIT_COOL_DOWN_MS: '2s',
    });
    expect(loaded.ok && circuitOptions(loaded.value)).toEqual({ windowMs: 30_000, errorRate: 0.25, minCalls: 20, consecutiveTimeouts: 3, coolDownMs: 2000 });
    expect(loaded.ok && loaded.value.decodeStallTimeoutMs).toBe(1500);
  });

  it.each([
    ['--circuit-window-ms', '50', 'a duration'],
    ['--circuit-error-rate', '0', 'a number in 0.01..1'],
    ['--circuit-error-rate', '1.5', 'a number in 0.01..1'],
    ['--circuit-min-calls', '0', 'an integer >= 1'],
    ['--circuit-consecutive-timeouts', 'two', 'an integer >= 1'],
    ['--circuit-cool-down-ms', '0', 'a duration'],
    ['--decode-stall-timeout-ms', 'soon', 'a duration'],
  ])('refuse %s %p at start, naming the flag', (flag, value, expected) => {
    const loaded = load([flag, value]);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(formatConfigErrors(loaded.error)).toContain(`invalid config: ${flag}: expected ${expected}`);
  });
});
