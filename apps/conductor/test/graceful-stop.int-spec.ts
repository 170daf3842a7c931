import { ClusterUnderTest, type ClusterUnderTestOptions } from './cluster-under-test';
import { type Sent, SteadyLoad } from './steady-load';
import { until } from '@tsukimi/service-kit/testing';

/** Requests that must finish after each stop before the next step: enough to cross the conductor's 200 ms probe. */
const AFTER_STOP = 12;

/** The cluster of one describe block: started before its tests, stopped after them. */
function clusterForBlock(options: ClusterUnderTestOptions): () => ClusterUnderTest {
  let cluster: ClusterUnderTest | undefined;
  beforeAll(async () => {
    cluster = await ClusterUnderTest.start(options);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);
  return () => {
    if (!cluster) throw new Error('the cluster did not start');
    return cluster;
  };
}

describe('an instance stopped gracefully under load', () => {
  const started = clusterForBlock({ prefill: 2, decode: 2 });

  it('leaves the routing set: every request succeeds, in-flight ones finish, nothing new reaches it, and it exits 0', async () => {
    const cluster = started();
    // Streams long enough that one on the instance when its gauge is read is still there when the
    // in-flight set is taken: at 24 tokens a stream could end between the two on a loaded machine.
    const load = SteadyLoad.on(cluster, { maxTokens: 96 });
    const stopped: { id: string; role: 'prefill' | 'decode'; inFlight: Sent[] }[] = [];
    try {
      const steps = [
        { role: 'decode', instance: cluster.decode[0]!, id: 'decode-0', left: { prefill: 2, decode: 1 } },
        { role: 'prefill', instance: cluster.prefill[0]!, id: 'prefill-0', left: { prefill: 1, decode: 1 } },
      ] as const;
      for (const { role, instance, id, left } of steps) {
        await until(`requests finished before stopping ${id}`, () => load.finishedSince(load.stops) >= AFTER_STOP);
        // Signalled while the instance holds a request, so that its drain has work to finish. The
        // requests in flight are taken on both sides of the scrape that saw it: the one it saw is
        // among them even when its last token reaches the client while the scrape is answered.
        let inFlight: Sent[] = [];
        await until(`${id} holding a request`, async () => {
          const before = [...load.inFlight];
          const held = (await cluster.metric(instance, `tsukimi_instance_active_sequences{role="${role}"}`)) >= 1;
          if (held) inFlight = [...new Set([...before, ...load.inFlight])];
          return held;
        }, 20_000, 50);
        stopped.push({ id, role, inFlight });
        load.stops++;
        instance.signal('SIGTERM');
        expect(await instance.waitForExit(20_000)).toEqual({ code: 0, signal: null });
        await cluster.waitForRoutable(left);
        await until(`requests finished after stopping ${id}`, () => load.finishedSince(load.stops) >= AFTER_STOP);
      }
    } finally {
      await load.stop();
    }

    expect(load.sent.filter((s) => load.unfinished(s))).toEqual([]);
    expect(load.sent.length).toBeGreaterThanOrEqual(3 * AFTER_STOP);
    for (const [i, { id, role, inFlight }] of stopped.entries()) {
      const servedBy = (s: Sent) => (role === 'decode' ? s.provenance?.decode_instance : s.provenance?.prefill_instance);
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.every((s) => s.finishReason === 'length')).toBe(true);
      expect(load.sent.filter((s) => s.stopsBefore > i && servedBy(s) === id).map((s) => s.id)).toEqual([]);
      expect(inFlight.filter((s) => servedBy(s) === id).length).toBeGreaterThan(0);
    }
  }, 120_000);
});

describe('two decode instances stopped together under load', () => {
  const started = clusterForBlock({ prefill: 1, decode: 3 });

  // A rolling update or a node drain: a request may meet both draining instances in turn before the conductor's probe sees either gone.
  it('loses no request: each one refused by both is served by the instance left', async () => {
    const cluster = started();
    const load = SteadyLoad.on(cluster);
    const stopping = [cluster.decode[0]!, cluster.decode[1]!];
    try {
      await until('requests finished before the stop', () => load.finishedSince(0) >= AFTER_STOP);
      load.stops++;
      for (const instance of stopping) instance.signal('SIGTERM');
      for (const instance of stopping) expect(await instance.waitForExit(20_000)).toEqual({ code: 0, signal: null });
      await cluster.waitForRoutable({ prefill: 1, decode: 1 });
      await until('requests finished after the stop', () => load.finishedSince(1) >= AFTER_STOP);
    } finally {
      await load.stop();
    }

    expect(load.sent.filter((s) => load.unfinished(s))).toEqual([]);
    expect(load.sent.filter((s) => s.stopsBefore > 0 && s.provenance?.decode_instance !== 'decode-2').map((s) => s.id)).toEqual([]);
  }, 120_000);
});
