import { choosePrefixWait, type PrefixWaitInput, type PrefixWaitRule } from './prefix-wait.policy';

const on: PrefixWaitRule = { enabled: true, maxWaitMs: 10_000 };
const base: PrefixWaitInput = { nowMs: 1000, inFlightBlocks: 10, readyAtMs: 1300, cachedBlocks: 0, computeNowMs: 800, suffixMs: 50 };

describe('choosePrefixWait', () => {
  it.each<[string, PrefixWaitRule, Partial<PrefixWaitInput>, ReturnType<typeof choosePrefixWait>]>([
    ['waits when the rest of the wait plus the suffix beats computing now', on, {}, { wait: true, expectedMs: 300, boundMs: 3200 }],
    ['does not wait with the rule off', { ...on, enabled: false }, {}, { wait: false, reason: 'off' }],
    ['does not wait for blocks already cached', on, { cachedBlocks: 10 }, { wait: false, reason: 'nothing-more' }],
    ['computes when waiting costs as much', on, { readyAtMs: 1750 }, { wait: false, reason: 'cheaper-to-compute' }],
    ['counts an overdue prefill as ready now', on, { readyAtMs: 400 }, { wait: true, expectedMs: 0, boundMs: 3200 }],
    ['bounds the wait by the maximum', { ...on, maxWaitMs: 900 }, {}, { wait: true, expectedMs: 300, boundMs: 900 }],
    ['waits up to the maximum without estimates', on, { computeNowMs: undefined }, { wait: true, expectedMs: undefined, boundMs: 10_000 }],
    ['waits up to the maximum for a prefill without an estimate', on, { readyAtMs: undefined }, { wait: true, expectedMs: undefined, boundMs: 10_000 }],
  ])('%s', (_what, rule, over, expected) => {
    expect(choosePrefixWait(rule, { ...base, ...over })).toEqual(expected);
  });
});
