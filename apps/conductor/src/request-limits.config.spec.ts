import { formatConfigErrors, loadConfig } from '@tsukimi/config';
import { DEFAULT_REQUEST_LIMITS } from '@tsukimi/openai';
import { conductorSchema } from './conductor.config';
import { requestLimits } from './request-limits.config';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(conductorSchema, { argv, env, prefix: 'TSUKIMI_CONDUCTOR' });

describe('the conductor\'s request limits', () => {
  it('default to the parsers\' limits and a 4 MiB body', () => {
    const loaded = load([]);
    expect(loaded.ok && requestLimits(loaded.value)).toEqual(DEFAULT_REQUEST_LIMITS);
    expect(loaded.ok && loaded.value.maxRequestBodyBytes).toBe(4 * 1024 * 1024);
  });

  it('take every bound from flags and the environment', () => {
    const loaded = load(
      ['--max-request-body-bytes', '64KiB', '--max-messages', '8', '--max-stop-sequences', '2', '--max-stop-sequence-chars', '16'],
      { TSUKIMI_CONDUCTOR_MAX_LOGIT_BIAS_ENTRIES: '10', TSUKIMI_CONDUCTOR_MAX_COMPLETION_TOKENS: '256' },
    );
    expect(loaded.ok && loaded.value.maxRequestBodyBytes).toBe(65_536);
    expect(loaded.ok && requestLimits(loaded.value)).toEqual({ maxMessages: 8, maxStopSequences: 2, maxStopSequenceChars: 16, maxLogitBiasEntries: 10, maxCompletionTokens: 256 });
  });

  it.each([
    ['--max-request-body-bytes', '100', 'a byte size in 1KiB..1GiB'],
    ['--max-request-body-bytes', '2GiB', 'a byte size in 1KiB..1GiB'],
    ['--max-messages', '0', 'an integer >= 1'],
    ['--max-stop-sequences', '-1', 'an integer >= 0'],
    ['--max-stop-sequence-chars', '0', 'an integer >= 1'],
    ['--max-logit-bias-entries', 'many', 'an integer >= 0'],
    ['--max-completion-tokens', '0', 'an integer >= 1'],
  ])('refuse %s %p at start, naming the flag', (flag, value, expected) => {
    const loaded = load([flag, value]);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(formatConfigErrors(loaded.error)).toContain(`invalid config: ${flag}: expected ${expected}`);
  });
});
