import { type CacheTrustOptions, type ProbableCause, type TrustReason, cacheTrustProblem, DEFAULT_CACHE_TRUST_OPTIONS } from './cache-trust.options';
import { CacheTrustTracker } from './cache-trust.tracker';

const options: CacheTrustOptions = { windowRequests: 5, shortfallRequests: 3, minReuseRatio: 0.5, retrustRequests: 2, probeIntervalMs: 1000 };

/**
 * One request on instance `a` (predicted 160 tokens): `hit` reused all, `half` reused 80 (just
 * matching), `short` 79, `miss` none, `none` had nothing predicted; `salt` is a miss the
 * conductor put down to a salt; or time passing.
 */
type Step = 'hit' | 'half' | 'short' | 'miss' | 'none' | 'salt' | 'rekeyed' | { wait: number };

/** Predicted and reused tokens, whether the instance keyed the prompt otherwise, and the cause the conductor saw. */
const REUSED: Record<Exclude<Step, { wait: number }>, [number, number, boolean, ProbableCause]> = {
  hit: [160, 160, false, 'lost-cache'],
  half: [160, 80, false, 'lost-cache'],
  short: [160, 79, false, 'lost-cache'],
  miss: [160, 0, false, 'lost-cache'],
  none: [0, 0, false, 'lost-cache'],
  salt: [160, 0, true, 'salt'],
  /** Nothing predicted, all reused from the instance's own memory, under keys of its own. */
  rekeyed: [0, 160, true, 'salt'],
};

function run(steps: readonly Step[]) {
  let nowMs = 0;
  const tracker = new CacheTrustTracker(options, () => nowMs);
  const reasons: TrustReason[] = [];
  for (const step of steps) {
    if (typeof step === 'object') {
      nowMs += step.wait;
      continue;
    }
    const [predictedTokens, reusedTokens, keysDiffer, cause] = REUSED[step];
    const transition = tracker.observe({ instance: 'a', predictedTokens, reusedTokens, keysDiffer, cause });
    if (transition) reasons.push(transition.reason);
    // A healthy neighbour, told of every request too, never moves.
    expect(tracker.observe({ instance: 'b', predictedTokens: 160, reusedTokens: 160, keysDiffer: false, cause: 'lost-cache' })).toBeUndefined();
  }
  return { trusted: tracker.isTrusted('a'), ignored: tracker.ignoredCaches().has('a'), reasons, neighbourTrusted: tracker.isTrusted('b') };
}

const untrust: Step[] = ['miss', 'miss', 'miss'];

describe('CacheTrustTracker', () => {
  it.each<[string, Step[], boolean, boolean, TrustReason[]]>([
    ['stays trusted on matching reuse', ['hit', 'hit', 'half', 'hit', 'hit', 'hit'], true, false, []],
    ['stays trusted with fewer shortfalls than the threshold in the window', ['miss', 'miss', 'hit', 'hit', 'hit', 'miss', 'hit'], true, false, []],
    ['ignores requests with nothing predicted', ['miss', 'none', 'none', 'miss', 'none'], true, false, []],
    ['untrusts after K shortfalls of the last N', ['miss', 'hit', 'short', 'hit', 'miss'], false, true, ['lost-cache']],
    ['untrusts at the first sight of K shortfalls in a row', untrust, false, true, ['lost-cache']],
    ['gives the commonest cause of the window', ['salt', 'miss', 'salt'], false, true, ['salt']],
    ['counts blocks keyed otherwise as shortfalls, whatever the instance reused of its own', ['rekeyed', 'none', 'rekeyed', 'hit', 'rekeyed'], false, true, ['salt']],
    ['does not trust again while the instance keys blocks otherwise', [...untrust, 'hit', 'rekeyed', 'hit'], false, true, ['lost-cache']],
    ['forgets shortfalls older than the window', ['miss', 'miss', 'hit', 'hit', 'hit', 'hit', 'miss'], true, false, []],
    ['stays untrusted while shortfalls go on', [...untrust, 'miss', 'hit', 'miss', 'hit'], false, true, ['lost-cache']],
    ['trusts again after M matching requests in a row', [...untrust, 'hit', 'hit'], true, false, ['lost-cache', 'predictions-match']],
    ['restarts the matching run on a shortfall', [...untrust, 'hit', 'miss', 'hit'], false, true, ['lost-cache']],
    ['lets an untested untrusted instance be scored for a probe', [...untrust, { wait: 1000 }], false, false, ['lost-cache']],
    ['ignores it again once a probe tested it', [...untrust, { wait: 1000 }, 'miss'], false, true, ['lost-cache']],
    ['keeps ignoring it before the probe interval', [...untrust, { wait: 999 }], false, true, ['lost-cache']],
    ['can be untrusted again after trust came back', [...untrust, 'hit', 'hit', ...untrust], false, true, ['lost-cache', 'predictions-match', 'lost-cache']],
  ])('%s', (_, steps, trusted, ignored, reasons) => {
    const result = run(steps);
    expect(result).toEqual({ trusted, ignored, reasons, neighbourTrusted: true });
  });

  it('reports the evidence: requests, shortfalls and the tokens predicted and reused', () => {
    const tracker = new CacheTrustTracker(options, () => 0);
    const seen = [0, 160, 10, 0].map((reusedTokens) => tracker.observe({ instance: 'a', predictedTokens: 160, reusedTokens, keysDiffer: false, cause: 'block-size' }));
    expect(seen.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(seen[3]).toEqual({ instance: 'a', trusted: false, reason: 'block-size', requests: 4, shortfalls: 3, predictedTokens: 640, reusedTokens: 170 });
    expect(tracker.untrusted()).toEqual(['a']);
    expect(tracker.ignoredCaches()).toEqual(new Set(['a']));
    tracker.forget('a');
    expect(tracker.isTrusted('a')).toBe(true);
    expect(tracker.ignoredCaches().size).toBe(0);
  });

  it.each<[string, Partial<CacheTrustOptions>, string | undefined]>([
    ['the defaults', {}, undefined],
    ['a window of none', { windowRequests: 0 }, 'windowRequests'],
    ['more shortfalls than the window', { shortfallRequests: 9 }, 'shortfallRequests'],
    ['a ratio past 1', { minReuseRatio: 1.5 }, 'minReuseRatio'],
    ['a ratio of 0', { minReuseRatio: 0 }, 'minReuseRatio'],
    ['no retrust run', { retrustRequests: 0 }, 'retrustRequests'],
    ['no probe interval', { probeIntervalMs: 0 }, 'probeIntervalMs'],
  ])('checks options: %s', (_, over, named) => {
    const problem = cacheTrustProblem({ ...DEFAULT_CACHE_TRUST_OPTIONS, ...over });
    if (named === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(named);
  });
});
