import { keyOf } from '../testing/block.fixture';
import { masterFixture, nodeId } from '../testing/master.fixture';

const [a, b] = [nodeId('a'), nodeId('b')];

/** Two nodes holding block 1 and `a` alone holding block 2; then `a` falls silent past the timeout while `b` heartbeats. */
async function silentNode() {
  const fixture = masterFixture({ nodeTimeoutMs: 1_000 });
  await fixture.join({ a: { dram: 1000 }, b: { dram: 1000 } });
  await fixture.putComplete(keyOf(1), 10, { replicas: 2 });
  await fixture.putComplete(keyOf(2), 10, { strategy: 'local-first', preferredNode: a });
  fixture.clock.advanceMs(1_001);
  await fixture.join({ b: { dram: 1000 } });
  return fixture;
}

describe('a node silent past its timeout, before maintenance removes it', () => {
  it('is offered to no reader: its blocks are read from other replicas, or missed', async () => {
    const { master } = await silentNode();
    expect(await master.get([keyOf(1), keyOf(2)])).toEqual([
      { ok: true, value: expect.objectContaining({ key: keyOf(1), replicas: [{ nodeId: b, tier: 'dram' }] }) },
      { ok: false, error: { kind: 'not-found', key: keyOf(2) } },
    ]);
  });

  it('has its reports refused until a heartbeat rejoins it, whose reconcile then re-registers what it holds', async () => {
    const { master } = await silentNode();
    const stored = { kind: 'stored', nodeId: a, key: keyOf(3), tier: 'dram', sizeBytes: 10 } as const;
    expect(await master.reportTierChanges([stored])).toEqual(['unknown-node']);
    expect(await master.reconcileNode(a, [{ key: keyOf(3), tier: 'dram', sizeBytes: 10 }])).toMatchObject({ outcome: 'unknown-node' });
    expect(await master.exists([keyOf(3)])).toEqual([false]);
    expect(await master.heartbeat(a, { capacityBytes: { dram: 1000 } })).toEqual({ ok: true, value: 'joined' });
    expect(await master.reconcileNode(a, [{ key: keyOf(2), tier: 'dram', sizeBytes: 10 }, { key: keyOf(3), tier: 'dram', sizeBytes: 10 }])).toMatchObject({ outcome: 'reconciled' });
    expect(await master.get([keyOf(2), keyOf(3)])).toEqual(
      [keyOf(2), keyOf(3)].map((key) => ({ ok: true, value: expect.objectContaining({ key, replicas: [{ nodeId: a, tier: 'dram' }] }) })),
    );
  });
});
