import { Planner } from './planner';
import { type KvpoolSsdDecision, type ScaleDecision } from './planner.model';
import { ManualClock, specOptions } from './testing/planner.fixtures';

const load = { requestsPerS: 10, uncachedTokensPerRequest: 1000, outputTokensPerRequest: 100, prefillTokensPerSPerInstance: 5000, decodeTokensPerSPerInstance: 400 };

function setUp(bounds = {}) {
  const clock = new ManualClock();
  const seen: ScaleDecision[] = [];
  const ssd: KvpoolSsdDecision[] = [];
  const planner = new Planner(specOptions({}, bounds), clock, { decided: (d) => seen.push(d), kvpoolSsdDecided: (d) => ssd.push(d) });
  return { clock, seen, ssd, planner };
}

const brief = (d: ScaleDecision) => `${d.role}:${d.direction}:${d.desiredReplicas}:${d.reason}`;

describe('Planner', () => {
  it('reports every role each tick, holds included, and remembers the desired replicas', () => {
    const { planner, seen } = setUp();
    const decisions = planner.fastTick({ prefill: { replicas: 2, queuedUncachedTokens: 500, tokensPerSPerInstance: 1000 }, decode: { replicas: 2, kvUsedRatio: 0.6, interTokenLatencyMs: 60 } });
    expect(decisions.map(brief)).toEqual(['prefill:hold:2:within-slo', 'decode:hold:2:within-slo']);
    expect(seen).toEqual(decisions);
    expect(planner.desired('prefill')).toBe(2);
    expect(planner.desired('kvpool')).toBeUndefined();
  });

  it('a role with no signal holds with no-signal and keeps its last desired replicas', () => {
    const { planner } = setUp();
    planner.fastTick({ decode: { replicas: 3, kvUsedRatio: 0.6, interTokenLatencyMs: 60 } });
    expect(planner.fastTick({}).map(brief)).toEqual(['prefill:hold:0:no-signal', 'decode:hold:3:no-signal']);
    expect(planner.desired('decode')).toBe(3);
    expect(planner.desired('prefill')).toBeUndefined();
  });

  it('the slow loop raises a pool to its plan at once, and the plan then floors the fast loop', () => {
    const { planner, clock } = setUp();
    const slow = planner.slowTick({ load: { ...load, prefillReplicas: 1, decodeReplicas: 4 } });
    expect(slow.map(brief)).toEqual(['prefill:up:3:capacity-plan', 'decode:hold:4:capacity-plan']);
    clock.advance(120_000);
    const idle = { prefill: { replicas: 3, queuedUncachedTokens: 0, tokensPerSPerInstance: 5000 }, decode: { replicas: 4, kvUsedRatio: 0.1, interTokenLatencyMs: 10 } };
    expect(planner.fastTick(idle).map(brief)).toEqual(['prefill:hold:3:plan-floor', 'decode:hold:4:plan-floor']);
  });

  it('once the plan falls, the fast loop steps down one replica per down window', () => {
    const { planner, clock } = setUp();
    planner.slowTick({ load: { ...load, requestsPerS: 0, prefillReplicas: 4, decodeReplicas: 1 } });
    const idle = (replicas: number) => ({ prefill: { replicas, queuedUncachedTokens: 0, tokensPerSPerInstance: 5000 } });
    const trail: string[] = [];
    let replicas = 4;
    for (let t = 0; t <= 200_000; t += 10_000) {
      clock.ms = t;
      const d = planner.fastTick(idle(replicas))[0]!;
      if (d.direction !== 'hold') trail.push(`${t}:${d.desiredReplicas}`);
      replicas = d.desiredReplicas;
    }
    // A 60 s down window each step (each step's window starts afresh, as proposals below the new count begin).
    expect(trail).toEqual(['60000:3', '130000:2', '200000:1']);
  });

  it('the slow loop respects the up cool-down', () => {
    const { planner, clock } = setUp({ prefill: { scaleUpWindowMs: 0 } });
    planner.fastTick({ prefill: { replicas: 1, queuedUncachedTokens: 1e6, tokensPerSPerInstance: 1000 } });
    clock.advance(5_000);
    expect(planner.slowTick({ load: { ...load, prefillReplicas: 2, decodeReplicas: 4 } }).map(brief)[0]).toBe('prefill:hold:2:cooling-down');
    clock.advance(5_000);
    expect(planner.slowTick({ load: { ...load, prefillReplicas: 2, decodeReplicas: 4 } }).map(brief)[0]).toBe('prefill:up:3:capacity-plan');
  });

  it('a plan past the maximum holds at the maximum and says so', () => {
    const { planner } = setUp();
    expect(planner.slowTick({ load: { ...load, requestsPerS: 1000, prefillReplicas: 6, decodeReplicas: 6 } }).map(brief)).toEqual(['prefill:hold:6:at-max', 'decode:hold:6:at-max']);
  });

  it('kvpool: adds a node while the curve says one more buys the gain, one at a time, and removes one on a plateau', () => {
    const { planner, clock } = setUp({ kvpool: { scaleUpWindowMs: 0, scaleDownWindowMs: 0, scaleUpCooldownMs: 0, scaleDownCooldownMs: 0 } });
    // Nodes of 1000 blocks; the working set is 3500 blocks of uniform reuse.
    const curve = { hitRatio: (c: number) => Math.min(1, c / 3500) * 0.9 };
    const trail: string[] = [];
    let nodes = 1;
    for (let i = 0; i < 6; i++, clock.advance(60_000)) {
      const d = planner.slowTick({ kvpool: { nodes, curve, blocksPerNode: 1000, blockBytes: 1000, ssdBytesPerNode: 0 } })[0]!;
      trail.push(brief(d));
      nodes = d.desiredReplicas;
    }
    expect(trail).toEqual(['kvpool:up:2:hit-ratio-gain', 'kvpool:up:3:hit-ratio-gain', 'kvpool:up:4:hit-ratio-gain', 'kvpool:hold:4:within-slo', 'kvpool:hold:4:within-slo', 'kvpool:hold:4:within-slo']);
    const flat = { hitRatio: (c: number) => Math.min(1, c / 900) * 0.9 };
    expect(brief(planner.slowTick({ kvpool: { nodes: 4, curve: flat, blocksPerNode: 1000, blockBytes: 1000, ssdBytesPerNode: 0 } })[0]!)).toBe('kvpool:down:3:hit-ratio-plateau');
  });

  it('kvpool SSD: each slow tick with pool signals sizes the SSD behind the DRAM of the nodes the kvpool decision wants, and compares it with the nodes\' SSD now', () => {
    const { planner, ssd, clock } = setUp({ kvpool: { scaleUpWindowMs: 0, scaleUpCooldownMs: 0 } });
    // Uniform reuse over 10,000 blocks of 1,000 bytes; nodes of 1,000 DRAM blocks. One point short of the best (0.9) is 9,889 blocks.
    const curve = { hitRatio: (c: number) => Math.min(1, c / 10_000) * 0.9 };
    const signals = { curve, blocksPerNode: 1000, blockBytes: 1000 };
    planner.slowTick({ load: { ...load, prefillReplicas: 3, decodeReplicas: 4 } });
    expect(ssd).toEqual([]);
    planner.slowTick({ kvpool: { ...signals, nodes: 1, ssdBytesPerNode: 0 } });
    // The kvpool decision wants two nodes: (9,889 - 2,000) / 2 blocks each, rounded up.
    expect(ssd.map((d) => [d.nodes, d.direction, d.reason, d.currentBytesPerNode, d.desiredBytesPerNode])).toEqual([[2, 'up', 'hit-ratio-gain', 0, 3_945_000]]);
    expect(ssd[0]!.hitRatio).toBeCloseTo(0.89, 3);
    clock.advance(60_000);
    planner.slowTick({ kvpool: { ...signals, nodes: 2, ssdBytesPerNode: 8_000_000 } });
    expect(ssd.map((d) => [d.nodes, d.direction, d.desiredBytesPerNode])[1]).toEqual([3, 'down', Math.ceil((9_889 - 3_000) / 3) * 1000]);
  });

  it('kvpool SSD: a node\'s SSD at the answer holds, and the maximum bounds it', () => {
    const { planner, ssd } = setUp();
    const loop = { hitRatio: (c: number) => (c >= 3_500 ? 0.9 : 0) };
    planner.slowTick({ kvpool: { nodes: 1, curve: loop, blocksPerNode: 1000, blockBytes: 1000, ssdBytesPerNode: 2_500_000 } });
    expect(ssd.map((d) => `${d.direction}:${d.reason}:${d.desiredBytesPerNode}`)).toEqual(['hold:hit-ratio-gain:2500000']);
    const capped = new Planner(specOptions({ kvpoolSsd: { minBytesPerNode: 0, maxBytesPerNode: 1_000_000, hitRatioSlack: 0.01 } }), new ManualClock(), { decided: () => undefined, kvpoolSsdDecided: (d) => ssd.push(d) });
    capped.slowTick({ kvpool: { nodes: 1, curve: loop, blocksPerNode: 1000, blockBytes: 1000, ssdBytesPerNode: 2_500_000 } });
    expect(`${ssd[1]!.direction}:${ssd[1]!.reason}:${ssd[1]!.desiredBytesPerNode}`).toBe('down:at-max:1000000');
  });
});
