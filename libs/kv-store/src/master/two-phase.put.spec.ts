import { type TierBytes } from '../common/tier.model';
import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';

const dram = (bytes: number) => ({ dram: bytes });

describe('two-phase put', () => {
  it('keeps a pending block invisible to every reader until put end', async () => {
    const { master, join, events } = masterFixture();
    await join({ a: dram(1000) });
    const started = await master.putStart(keyOf(1), 100);
    expect(started).toEqual({ ok: true, value: { outcome: 'allocated', replicas: [{ nodeId: 'a', tier: 'dram' }] } });
    expect(await master.get([keyOf(1)])).toEqual([{ ok: false, error: { kind: 'not-found', key: keyOf(1) } }]);
    expect(await master.exists([keyOf(1)])).toEqual([false]);
    expect((await master.snapshot()).replicas).toEqual([]);
    expect(events).toEqual([]);
    expect(await master.putEnd(keyOf(1))).toEqual({ ok: true, value: { outcome: 'completed', replicas: [{ nodeId: 'a', tier: 'dram' }] } });
    expect(await master.exists([keyOf(1)])).toEqual([true]);
    expect(events).toEqual([{ id: 1, kind: 'stored', key: keyOf(1), nodeId: 'a', tier: 'dram' }]);
    expect((await master.get([keyOf(1)]))[0]).toMatchObject({ ok: true, value: { replicas: [{ nodeId: 'a', tier: 'dram' }] } });
  });

  it('revokes a pending put, telling its nodes to drop what arrived, and frees the key', async () => {
    const { master, join, store } = masterFixture();
    await join({ a: dram(1000), b: dram(1000) });
    await master.putStart(keyOf(1), 100, { replicas: 2 });
    const revoked = await master.putRevoke(keyOf(1));
    expect(revoked.ok && [...revoked.value].sort((x, y) => x.nodeId.localeCompare(y.nodeId))).toEqual([
      { kind: 'delete', nodeId: 'a', key: keyOf(1) },
      { kind: 'delete', nodeId: 'b', key: keyOf(1) },
    ]);
    expect(await store.getEntries([keyOf(1)])).toEqual([undefined]);
    expect(await store.usedBytes(nodeId('a'))).toEqual({ dram: 0 });
    expect((await master.putStart(keyOf(1), 100)).ok).toBe(true);
  });

  it.each([
    { name: 'a complete put', setup: 'complete', error: { kind: 'complete' } },
    { name: 'an unknown key', setup: 'none', error: { kind: 'not-found' } },
  ])('refuses to revoke $name', async ({ setup, error }) => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: dram(1000) });
    if (setup === 'complete') await putComplete(keyOf(1), 100);
    expect(await master.putRevoke(keyOf(1))).toMatchObject({ ok: false, error });
  });

  it('answers exists for a put of a complete key, changing nothing', async () => {
    const { master, join, putComplete, entry, events } = masterFixture();
    await join({ a: dram(1000), b: dram(1000) });
    const replicas = await putComplete(keyOf(1), 100);
    const before = await entry(keyOf(1));
    expect(await master.putStart(keyOf(1), 100, { replicas: 2 })).toEqual({ ok: true, value: { outcome: 'exists', replicas } });
    expect(await entry(keyOf(1))).toEqual(before);
    expect(events).toHaveLength(1);
  });

  it('answers in-progress for a put of a key another writer is writing', async () => {
    const { master, join } = masterFixture();
    await join({ a: dram(1000) });
    await master.putStart(keyOf(1), 100);
    expect(await master.putStart(keyOf(1), 100)).toEqual({ ok: false, error: { kind: 'in-progress', key: keyOf(1) } });
  });

  it.each([
    { name: 'again', setup: 'complete', answer: { ok: true, value: { outcome: 'already-complete' } } },
    { name: 'for an unknown key', setup: 'none', answer: { ok: false, error: { kind: 'not-found' } } },
  ])('answers a put end $name', async ({ setup, answer }) => {
    const { master, join, putComplete } = masterFixture();
    await join({ a: dram(1000) });
    if (setup === 'complete') await putComplete(keyOf(1), 100);
    expect(await master.putEnd(keyOf(1))).toMatchObject(answer);
  });

  it.each([
    { replicas: 1, placed: 1 },
    { replicas: 2, placed: 2 },
    { replicas: 3, placed: 3 },
    { replicas: 5, placed: 3 },
  ])('places $replicas replicas on $placed distinct nodes of 3', async ({ replicas, placed }) => {
    const { master, join } = masterFixture();
    await join({ a: dram(1000), b: dram(1000), c: dram(1000) });
    const started = await master.putStart(keyOf(1), 100, { replicas });
    const nodes = started.ok ? started.value.replicas.map((replica) => replica.nodeId) : [];
    expect(new Set(nodes).size).toBe(placed);
  });

  it.each<{ name: string; nodes: Record<string, TierBytes>; sizeBytes: number }>([
    { name: 'no node has joined', nodes: {}, sizeBytes: 100 },
    { name: 'no node has room', nodes: { a: dram(99) }, sizeBytes: 100 },
    { name: 'no node has the tier', nodes: { a: { ssd: 1000 } }, sizeBytes: 100 },
  ])('answers no-space when $name', async ({ nodes, sizeBytes }) => {
    const { master, join } = masterFixture();
    await join(nodes);
    expect(await master.putStart(keyOf(1), sizeBytes)).toEqual({ ok: false, error: { kind: 'no-space', key: keyOf(1), sizeBytes } });
  });

  it('counts pending allocations against a node, so puts stop when it is full', async () => {
    const { master, join } = masterFixture();
    await join({ a: dram(250) });
    const answers = await master.putStartBatch([1, 2, 3].map((n) => ({ key: keyOf(n), sizeBytes: 100 })));
    expect(answers.map((answer) => answer.ok || answer.error.kind)).toEqual([true, true, 'no-space']);
  });

  it.each([
    { field: 'sizeBytes', sizeBytes: 0, options: {} },
    { field: 'sizeBytes', sizeBytes: 1.5, options: {} },
    { field: 'replicas', sizeBytes: 10, options: { replicas: 0 } },
    { field: 'replicas', sizeBytes: 10, options: { replicas: 9 } },
    { field: 'blockIndex', sizeBytes: 10, options: { blockIndex: -1 } },
    { field: 'tier', sizeBytes: 10, options: { tier: 'device' as never } },
    { field: 'strategy', sizeBytes: 10, options: { strategy: 'emptiest' as never } },
  ])('refuses a put with a bad $field', async ({ field, sizeBytes, options }) => {
    const { master, join } = masterFixture();
    await join({ a: dram(1000) });
    expect(await master.putStart(keyOf(1), sizeBytes, options)).toMatchObject({ ok: false, error: { kind: 'invalid-request', field } });
  });

  it('places the first replica on the writer node with local-first', async () => {
    const { master, join } = masterFixture();
    await join({ a: dram(1000), b: dram(1000), c: dram(1000) });
    for (let n = 1; n <= 10; n += 1) {
      const started = await master.putStart(keyOf(n), 10, { strategy: 'local-first', preferredNode: nodeId('c'), replicas: 2 });
      expect(started.ok && started.value.replicas[0]?.nodeId).toBe('c');
    }
  });

  it.each([
    { strategy: 'random', low: 0.15, high: 0.35 },
    { strategy: 'free-ratio-first', low: 0.35, high: 0.65 },
  ] as const)('with $strategy, gives a node that rejoined empty a share of new puts in ($low, $high), not all', async ({ strategy, low, high }) => {
    const { master, join, clock, putComplete } = masterFixture({ nodeTimeoutMs: 1000 });
    await join({ a: dram(100_000), b: dram(100_000), c: dram(100_000), d: dram(100_000) });
    for (const name of ['a', 'b', 'c']) {
      await master.reportTierChanges([{ kind: 'stored', nodeId: nodeId(name), key: keyOf(name.charCodeAt(0)), tier: 'dram', sizeBytes: 80_000 }]);
    }
    clock.advanceMs(1001);
    await join({ a: dram(100_000), b: dram(100_000), c: dram(100_000) });
    await master.tick();
    expect(await master.heartbeat(nodeId('d'), { capacityBytes: dram(100_000) })).toEqual({ ok: true, value: 'joined' });
    let onRejoined = 0;
    for (let n = 1000; n < 1400; n += 1) {
      const [replica] = await putComplete(keyOf(n), 10, { strategy });
      if (replica?.nodeId === 'd') onRejoined += 1;
    }
    expect(onRejoined / 400).toBeGreaterThan(low);
    expect(onRejoined / 400).toBeLessThan(high);
  });

  it('revokes a put abandoned past the pending timeout on the next tick', async () => {
    const { master, join, clock } = masterFixture({ pendingPutTimeoutMs: 5000, nodeTimeoutMs: 60_000 });
    await join({ a: dram(1000) });
    await master.putStart(keyOf(1), 100);
    clock.advanceMs(4999);
    expect((await master.tick()).revokedPuts).toEqual([]);
    expect(await master.pendingBlocks()).toBe(1);
    clock.advanceMs(1);
    expect(await master.tick()).toMatchObject({ revokedPuts: [keyOf(1)], commands: [{ kind: 'delete', nodeId: 'a', key: keyOf(1) }] });
    expect(await master.pendingBlocks()).toBe(0);
    expect(await master.putEnd(keyOf(1))).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('ends and revokes in batches', async () => {
    const { master, join } = masterFixture();
    await join({ a: dram(1000) });
    await master.putStartBatch([1, 2, 3].map((n) => ({ key: keyOf(n), sizeBytes: 10 })));
    expect((await master.putEndBatch([keyOf(1), keyOf(2)])).every((answer) => answer.ok)).toBe(true);
    expect((await master.putRevokeBatch([keyOf(3), keyOf(1)])).map((answer) => answer.ok || answer.error.kind)).toEqual([true, 'complete']);
    expect(await master.exists([keyOf(1), keyOf(2), keyOf(3)])).toEqual([true, true, false]);
  });
});
