import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';

const a = nodeId('a');

describe('node membership', () => {
  it('answers joined to a new node and alive to a live one', async () => {
    const { master, clock } = masterFixture({ nodeTimeoutMs: 1_000 });
    expect(await master.heartbeat(a, { capacityBytes: { dram: 100 } })).toEqual({ ok: true, value: 'joined' });
    clock.advanceMs(1_000);
    expect(await master.heartbeat(a, { capacityBytes: { dram: 100 } })).toEqual({ ok: true, value: 'alive' });
    clock.advanceMs(1_001);
    expect(await master.heartbeat(a, { capacityBytes: { dram: 100 } })).toEqual({ ok: true, value: 'joined' });
  });

  it.each([
    { name: 'a negative capacity', report: { capacityBytes: { dram: -1 } } },
    { name: 'an unknown tier', report: { capacityBytes: { tape: 10 } as never } },
    { name: 'a fractional usage', report: { capacityBytes: { dram: 10 }, usedBytes: { dram: 1.5 } } },
  ])('refuses a heartbeat with $name', async ({ report }) => {
    const { master } = masterFixture();
    expect(await master.heartbeat(a, report)).toMatchObject({ ok: false, error: { kind: 'invalid-report' } });
  });

  it('removes a node silent past the timeout with its replicas, dropping blocks left with none', async () => {
    const { master, clock, join, putComplete, events, store } = masterFixture({ nodeTimeoutMs: 5_000 });
    await join({ a: { dram: 1000 }, b: { dram: 1000 } });
    await putComplete(keyOf(1), 10, { strategy: 'local-first', preferredNode: a });
    await putComplete(keyOf(2), 10, { replicas: 2 });
    clock.advanceMs(5_001);
    await join({ b: { dram: 1000 } });
    const before = events.length;
    const { departedNodes } = await master.tick();
    expect(departedNodes).toEqual([{ nodeId: a, droppedReplicas: 2, droppedBlocks: 1 }]);
    expect(events.slice(before).map(({ kind, key, nodeId: node }) => [kind, key, node]).sort()).toEqual([
      ['removed', keyOf(1), 'a'],
      ['removed', keyOf(2), 'a'],
    ]);
    expect(await master.exists([keyOf(1), keyOf(2)])).toEqual([false, true]);
    expect(await store.getNode(a)).toBeUndefined();
    const [hit] = await master.get([keyOf(2)]);
    expect(hit?.ok && hit.value.replicas).toEqual([{ nodeId: 'b', tier: 'dram' }]);
  });

  it('keeps a node that heartbeats within the timeout', async () => {
    const { master, clock, join, putComplete } = masterFixture({ nodeTimeoutMs: 5_000 });
    await join({ a: { dram: 1000 } });
    await putComplete(keyOf(1), 10);
    clock.advanceMs(5_000);
    expect((await master.tick()).departedNodes).toEqual([]);
    expect(await master.exists([keyOf(1)])).toEqual([true]);
  });

  it('drops a departed node from pending puts and places no new put on it', async () => {
    const { master, clock, join } = masterFixture({ nodeTimeoutMs: 5_000 });
    await join({ a: { dram: 1000 }, b: { dram: 1000 } });
    await master.putStart(keyOf(1), 10, { replicas: 2 });
    clock.advanceMs(5_001);
    await join({ b: { dram: 1000 } });
    await master.tick();
    expect(await master.putEnd(keyOf(1))).toEqual({ ok: true, value: { outcome: 'completed', replicas: [{ nodeId: 'b', tier: 'dram' }] } });
    for (let n = 2; n < 12; n += 1) {
      const started = await master.putStart(keyOf(n), 10);
      expect(started.ok && started.value.replicas.map((replica) => replica.nodeId)).toEqual(['b']);
    }
  });

  it('removes a node that leaves gracefully at once', async () => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: { dram: 1000 } });
    await putComplete(keyOf(1), 10);
    expect(await master.leave(a)).toEqual({ nodeId: a, droppedReplicas: 1, droppedBlocks: 1 });
    expect(await master.leave(a)).toBeUndefined();
    expect(await master.exists([keyOf(1)])).toEqual([false]);
  });
});
