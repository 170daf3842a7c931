import { PoolProcesses, poolBlock } from './pool-processes';

/** Reads from one named node, as a prefill instance does when the scheduler chose where its prefix comes from. */
describe('reading a prefix from a named kvpool node', () => {
  let pool: PoolProcesses;

  beforeEach(async () => {
    // A long node timeout keeps a killed node listed with its replicas, as in the seconds before the master notices.
    pool = await PoolProcesses.start(['--node-timeout-ms', '60000']);
    await Promise.all([pool.startNode('node-a'), pool.startNode('node-b')]);
  }, 60_000);

  afterEach(async () => {
    await pool?.stop();
  }, 60_000);

  it('serves the run the named node holds, nothing from another node, and says when the named node does not answer', async () => {
    const blocks = [1, 2, 3].map((n) => poolBlock(n, 8 * 1024));
    const client = pool.client({ replicas: 1, strategy: 'local-first', preferredNode: 'node-a' });
    const stored = await client.store(blocks.map((b) => b.key), (key) => blocks.find((b) => b.key === key)!.bytes);
    expect(stored).toEqual({ ok: true, value: { stored: 3, existing: 0 } });
    expect(await pool.replicas(blocks.map((b) => b.key))).toEqual(blocks.map(() => [{ nodeId: 'node-a', tier: 'dram' }]));

    const fromA = await client.fetchFrom('node-a', blocks.map((b) => b.key));
    expect(fromA.ok && fromA.value.stoppedBy).toBeUndefined();
    expect(fromA.ok && fromA.value.blocks.map((b) => [b.key, b.tier, Buffer.from(b.bytes).equals(Buffer.from(blocks.find((x) => x.key === b.key)!.bytes))])).toEqual(
      blocks.map((b) => [b.key, 'dram', true]),
    );
    expect(await client.fetchFrom('node-b', blocks.map((b) => b.key))).toEqual({ ok: true, value: { blocks: [], stoppedBy: 'missing' } });

    pool.nodes.get('node-a')!.kill();
    await pool.nodes.get('node-a')!.waitForExit(10_000);
    expect((await pool.replicas([blocks[0]!.key]))[0]).toEqual([{ nodeId: 'node-a', tier: 'dram' }]);
    expect(await client.fetchFrom('node-a', blocks.map((b) => b.key))).toEqual({ ok: true, value: { blocks: [], stoppedBy: 'unreachable' } });
  }, 60_000);
});
