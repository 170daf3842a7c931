import { expectOk } from '@tsukimi/result';
import { MemoryKvPool, type PrefillWorker, PrefillWorker as Worker } from '@tsukimi/serving';
import { clock, cluster, engine, greedy } from '../testing/pipeline.cluster';
import { type CacheTrustOptions, type TrustTransition } from './cache-trust.options';
import { ReuseAudit, type ReuseAuditRecord } from './reuse.audit';

const trust: CacheTrustOptions = { windowRequests: 4, shortfallRequests: 2, minReuseRatio: 0.5, retrustRequests: 2, probeIntervalMs: 60_000 };
const text = (s: string) => [...Buffer.from(s)];
/** Two prompts sharing their first 16-token block, each of five blocks and more. */
const shared = 'A shared first block of sixteen.';
const x = text(`${shared} Then the rest of prompt X, long enough for a few more blocks of its own.`);
const y = text(`${shared} And prompt Y goes its own way from there, for several blocks too.`);

/**
 * A cluster whose prefill instance p1 (the one ties go to) is broken on purpose, the audit on;
 * what the audit tells is recorded.
 */
function brokenCluster(breakP1: (real: PrefillWorker) => PrefillWorker) {
  let nowMs = 0;
  const audited: ReuseAuditRecord[] = [];
  const moved: TrustTransition[] = [];
  const audit = new ReuseAudit({ trust, ignoreUntrusted: true }, () => nowMs, { audited: (r) => audited.push(r), trustMoved: (t) => moved.push(t) });
  const c = cluster({ cacheAudit: audit });
  const workers = c.prefillWorkers as Map<string, PrefillWorker>;
  workers.set('p1', breakP1(workers.get('p1')!));
  let n = 0;
  const run = async (prompt: number[]) => {
    const { result } = await c.run(prompt, greedy, `r${n++}`);
    return expectOk(result, 'request');
  };
  const runRaw = async (prompt: number[]) => (await c.run(prompt, greedy, `r${n++}`)).result;
  return { ...c, audit, audited, moved, run, runRaw, wait: (ms: number) => (nowMs += ms) };
}

/** An instance that loses its memory and its pool writes between requests, under the same id: a crash-looping pod with no pool. */
const dropsItsCache = (): PrefillWorker => ({ prefill: (call) => new Worker(engine(), new MemoryKvPool(), clock).prefill(call) }) as PrefillWorker;

/** An instance that keys blocks with a tenant salt of its own: nothing it stores matches the conductor's keys. */
const ownSalt = (real: PrefillWorker): PrefillWorker => ({ prefill: (call) => real.prefill({ ...call, tenantSalt: 'not-the-tenant-salt' }) }) as PrefillWorker;

describe('routing that audits itself', () => {
  it('finds an instance that loses its cache within a few requests, says why, and routes the prefix elsewhere', async () => {
    const c = brokenCluster(dropsItsCache);
    // X lands on p1 (ties go to it) and Y, sent with it, on p2: p1 then holds all of X, p2 its first block.
    const [first] = await Promise.all([c.run(x), c.run(y)]);
    expect([first.provenance.prefillInstance, c.audited.map((a) => a.instance)]).toEqual(['p1', ['p1', 'p2']]);
    const onP1: string[] = [];
    for (let i = 0; i < 2; i++) {
      const summary = await c.run(x);
      onP1.push(summary.provenance.prefillInstance);
      expect(summary.provenance.audit?.predictedTokens.device).toBe(Math.floor(x.length / 16) * 16);
      expect(summary.cachedTokens).toBe(0);
    }
    expect(onP1).toEqual(['p1', 'p1']);
    expect(c.moved).toEqual([{ instance: 'p1', trusted: false, reason: 'lost-cache', requests: 2, shortfalls: 2, predictedTokens: 2 * 96, reusedTokens: 0 }]);
    expect(c.audit.isTrusted('p1')).toBe(false);
    // Its cache no longer counts: the instance holding X's first block gets X, and keeps it.
    const after = [await c.run(x), await c.run(x)];
    expect(after.map((s) => s.provenance.prefillInstance)).toEqual(['p2', 'p2']);
    expect(after.map((s) => s.provenance.audit?.cacheTrusted)).toEqual([true, true]);
    expect(after[1]!.cachedTokens).toBeGreaterThanOrEqual(after[1]!.provenance.audit!.predictedTokens.device * trust.minReuseRatio);
    expect(c.audit.isTrusted('p2')).toBe(true);
    expect(c.moved).toHaveLength(1);
    // Once no request has tested it for the probe interval, its cache is scored again so that one can.
    c.wait(trust.probeIntervalMs);
    expect(c.audit.ignoredCaches().has('p1')).toBe(false);
  });

  it('trusts a repaired instance again once probes find its reuse matching, and routes to it again', async () => {
    const c = brokenCluster(dropsItsCache);
    await Promise.all([c.run(x), c.run(y)]);
    await c.run(x);
    await c.run(x);
    expect(c.audit.isTrusted('p1')).toBe(false);
    // Repaired: it keeps its memory from now on (its first probe finds the index's picture of it stale, and computes X again).
    (c.prefillWorkers as Map<string, PrefillWorker>).set('p1', new Worker(engine(), new MemoryKvPool(), clock));
    const probes: [string, boolean | undefined][] = [];
    const route = async () => {
      const summary = await c.run(x);
      probes.push([summary.provenance.prefillInstance, summary.provenance.audit?.cacheTrusted]);
    };
    for (let i = 0; i < 3; i++) {
      c.wait(trust.probeIntervalMs);
      await route();
      // Between probes its cache is hidden again: the prefix goes to the instance trusted with it.
      if (i === 0) await route();
    }
    expect(probes).toEqual([['p1', false], ['p2', true], ['p1', false], ['p1', true]]);
    expect(c.moved.map((t) => [t.trusted, t.reason])).toEqual([[false, 'lost-cache'], [true, 'predictions-match']]);
    expect(c.audit.ignoredCaches().size).toBe(0);
  });

  it('finds an instance that keys its blocks with another salt and names the salt', async () => {
    const c = brokenCluster(ownSalt);
    // Decode cannot take the blocks it keyed (the handle does not match the prompt), so the requests
    // fail; the audit has judged each prefill by then.
    const failed = [await c.runRaw(x), await c.runRaw(y)];
    expect(failed.map((r) => !r.ok && r.error.kind)).toEqual(['decode-failed', 'decode-failed']);
    expect(c.audited.map((a) => [a.instance, a.trusted])).toEqual([['p1', true], ['p1', false]]);
    expect(c.moved.map((t) => [t.instance, t.trusted, t.reason])).toEqual([['p1', false, 'salt']]);
    expect(c.audit.ignoredCaches()).toEqual(new Set(['p1']));
  });
});
