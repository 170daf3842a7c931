import { EarlyAdmission } from '../admission/early.admission';
import { instanceId } from '../instance.model';
import { SchedulingContext } from '../profile/scheduling.context';
import { Scheduler, type SchedulerOptions } from '../scheduler';
import { cluster, decode, emptyIndex, keysOf, prefill, request8, testProfile, testSchedulerOptions, testTbtEstimator, testTtftEstimator } from '../testing/scheduler.fixtures';

const keys = keysOf(8);
const request = request8();
const p1 = instanceId('p1');

function scheduler(extra: Partial<SchedulerOptions> = {}, kvcacheBalanceThreshold = 1.5): Scheduler {
  return new Scheduler(testSchedulerOptions('kvcache-centric', { ...extra, kvcacheBalanceThreshold }));
}

/** An index where each instance holds its first `blocks` keys and each pool node its first `blocks` in a tier. */
function indexWith(device: Record<string, number>, pool: { node: string; tier: 'dram' | 'ssd'; blocks: number }[] = []) {
  const index = emptyIndex();
  index.load({ epoch: 'e1', lastEventId: 0, replicas: pool.flatMap(({ node, tier, blocks }) => keys.slice(0, blocks).map((key) => ({ key, nodeId: node, tier }))) });
  for (const [id, blocks] of Object.entries(device)) index.reportDevice(instanceId(id), keys.slice(0, blocks));
  return index;
}

describe('kvcache-centric (Mooncake Algorithm 1)', () => {
  it('(a) goes to the instance holding the longest prefix when its queue allows', () => {
    const decision = scheduler().decide(request, cluster([prefill('p1'), prefill('p2')], [decode('d1')], indexWith({ p1: 8 })));
    expect(decision).toMatchObject({
      kind: 'route',
      prefill: 'p1',
      decode: 'd1',
      cachedBlocks: 8,
      policy: 'kvcache-centric',
      estimate: { ttftMs: 8, queueMs: 0, prefillMs: 8, transferMs: 0, ownBlocks: 8, reusedBlocks: 8, branch: 'holder' },
      chosenBy: 'policy',
    });
    expect(decision.kind === 'route' && decision.migrate).toBeUndefined();
  });

  it('(b) fetches the prefix to a less loaded instance and says to replicate the blocks it lacks', () => {
    // p1: 100 ms queue + 8 ms; p2: fetch 6 blocks at 1 ms + compute 8 ms = 14 ms.
    const decision = scheduler().decide(request, cluster([prefill('p1', 100), prefill('p2')], [decode('d1')], indexWith({ p1: 8, p2: 2 })));
    expect(decision).toMatchObject({
      kind: 'route',
      prefill: 'p2',
      cachedBlocks: 2,
      estimate: { ttftMs: 14, queueMs: 0, prefillMs: 8, transferMs: 6, ownBlocks: 2, reusedBlocks: 8, branch: 'fetch', source: { tier: 'device', instance: p1 } },
      migrate: { keys: keys.slice(2), from: { tier: 'device', instance: p1 } },
    });
  });

  it('(b) fetches from the pool tier that is fastest overall, not the one with the longest prefix', () => {
    // DRAM holds 4 blocks: 4 ms + 72 ms compute. SSD holds all 8: 160 ms + 8 ms. Computing it all: 136 ms.
    const index = indexWith({}, [
      { node: 'n1', tier: 'dram', blocks: 4 },
      { node: 'n2', tier: 'ssd', blocks: 8 },
    ]);
    const decision = scheduler().decide(request, cluster([prefill('p2'), prefill('p1')], [decode('d1')], index));
    expect(decision).toMatchObject({
      prefill: 'p1',
      estimate: { ttftMs: 76, transferMs: 4, reusedBlocks: 4, branch: 'fetch' },
      migrate: { keys: keys.slice(0, 4), from: { tier: 'dram', node: 'n1' } },
    });
  });

  it('(c) recomputes when fetching would be slower than computing', () => {
    const decision = scheduler().decide(request, cluster([prefill('p1')], [decode('d1')], indexWith({}, [{ node: 'n2', tier: 'ssd', blocks: 8 }])));
    expect(decision).toMatchObject({ prefill: 'p1', cachedBlocks: 0, estimate: { ttftMs: 136, transferMs: 0, reusedBlocks: 0, branch: 'recompute' } });
    expect(decision.kind === 'route' && decision.migrate).toBeUndefined();
  });

  it('with nothing cached anywhere, computes on the least loaded instance', () => {
    const decision = scheduler().decide(request, cluster([prefill('p1', 10), prefill('p2')], [decode('d1')]));
    expect(decision).toMatchObject({ prefill: 'p2', estimate: { ttftMs: 136, branch: 'recompute' } });
  });

  it.each([
    ['under the cache-balancing threshold, computes locally rather than fetch a slightly longer prefix', 1.5, { ttftMs: 40, transferMs: 0, reusedBlocks: 6, branch: 'recompute' }],
    ['over it, fetches the difference', 1.25, { ttftMs: 10, transferMs: 2, reusedBlocks: 8, branch: 'fetch' }],
  ])('%s', (_name, threshold, estimate) => {
    // p1 holds all 8 blocks behind a 100 ms queue; p2 holds 6 (8/6 = 1.33 times shorter) and is idle.
    const decision = scheduler({}, threshold).decide(request, cluster([prefill('p1', 100), prefill('p2')], [decode('d1')], indexWith({ p1: 8, p2: 6 })));
    expect(decision).toMatchObject({ kind: 'route', prefill: 'p2', cachedBlocks: 6, estimate });
  });

  it('rejects early when every prefill instance is estimated past the TTFT target', () => {
    const s = scheduler({ admission: new EarlyAdmission(), slo: { ttftMs: 50, tbtMs: 1000 } });
    const decision = s.decide(request, cluster([prefill('p1', 100), prefill('p2', 120)], [decode('d1')]));
    // Best is p1 at 236 ms, 186 ms over: the suggested wait covers the excess.
    expect(decision).toMatchObject({ kind: 'reject', reason: 'prefill-overloaded', retryAfterMs: 186 });
    expect(decision.kind === 'reject' && decision.message).toMatch(/236 ms is over the 50 ms target/);
  });

  it('rejects as overloaded when every instance is at its in-flight limit', () => {
    const decision = scheduler({ maxInFlightPerInstance: 2 }).decide(request, cluster([prefill('p1', 10, 2)], [decode('d1')]));
    expect(decision).toMatchObject({ kind: 'reject', reason: 'overloaded', retryAfterMs: 100 });
  });

  it('without a global index sees only instances’ own memory', () => {
    const index = indexWith({ p1: 8 }, [{ node: 'n1', tier: 'dram', blocks: 8 }]);
    const snapshot = { ...cluster([prefill('p1', 100), prefill('p2')], [decode('d1')], index), prefixes: undefined };
    expect(scheduler().decide(request, snapshot)).toMatchObject({ prefill: 'p2', migrate: { from: { tier: 'device', instance: p1 } } });
  });

  it('as profiles on their own, picks prefill by TTFT and decode by predicted TBT', () => {
    const snapshot = cluster([prefill('p1', 100), prefill('p2')], [decode('d1', 9), decode('d2', 2)], indexWith({ p1: 8 }));
    const ctx = new SchedulingContext({ request, snapshot, ttft: testTtftEstimator(), tbt: testTbtEstimator(), ttftLimitMs: Infinity, tbtLimitMs: 20 });
    expect(testProfile('prefill', 'kvcache-centric').run(ctx, snapshot.prefill)?.instance.id).toBe('p2');
    expect(testProfile('decode', 'kvcache-centric').run(ctx, snapshot.decode)?.instance.id).toBe('d2');
    expect(testProfile('prefill', 'kvcache-centric').run(ctx, [])).toBeUndefined();
  });
});
