import { requestDrain } from '@tsukimi/service-kit';
import { httpGet, until } from '@tsukimi/service-kit/testing';
import { poolBlock, PoolProcesses } from './pool-processes';

const BLOCKS = 24;

describe('a kvpool node drained under load', () => {
  let pool: PoolProcesses;

  afterEach(async () => {
    await pool?.stop();
  }, 60_000);

  // Drained by its signal, or first by its admin route (the process stays up, unready, out of the pool) and then stopped.
  it.each(['SIGTERM', 'POST /admin/drain, then SIGTERM'])('loses no block that had one replica: %s to one of two nodes while reads go on, and every block is still readable, bytes intact', async (how) => {
    pool = await PoolProcesses.start(['--node-timeout-ms', '3000']);
    await pool.startNode('node-a', ['--drain-budget-ms', '20000']);
    await pool.startNode('node-b');
    const blocks = Array.from({ length: BLOCKS }, (_, n) => poolBlock(700 + n, 32 * 1024));
    const keys = blocks.map((block) => block.key);
    const writer = pool.client({ strategy: 'local-first', preferredNode: 'node-a' });
    expect(await writer.store(keys, (key) => blocks.find((block) => block.key === key)?.bytes)).toEqual({ ok: true, value: { stored: BLOCKS, existing: 0 } });
    expect((await pool.replicas(keys)).map((replicas) => replicas.map((replica) => replica.nodeId))).toEqual(blocks.map(() => ['node-a']));

    const reader = pool.client();
    const intact = (fetched: Awaited<ReturnType<typeof reader.fetchPrefix>>): number =>
      fetched.ok ? fetched.value.filter((block, i) => block.key === keys[i] && Buffer.from(block.bytes).equals(Buffer.from(blocks[i]!.bytes))).length : 0;
    let reads = 0;
    let corrupt = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const fetched = await reader.fetchPrefix(keys);
        reads += 1;
        if (fetched.ok) corrupt += fetched.value.length - intact(fetched);
      }
    })();

    const nodeA = pool.nodes.get('node-a')!;
    await until('reads under way', async () => reads >= 5);
    const movedBytes = blocks.reduce((sum, block) => sum + block.bytes.length, 0);
    if (how !== 'SIGTERM') {
      const drained = await requestDrain(`http://127.0.0.1:${nodeA.httpPort}`, { timeoutMs: 30_000 });
      expect(drained).toEqual({ ok: true, value: expect.objectContaining({ reason: 'admin', timedOut: false, handedOver: { movedBlocks: BLOCKS, movedBytes, lostBlocks: 0, masterReached: true } }) });
      expect((await httpGet(nodeA.httpPort, '/readyz')).status).toBe(503);
      expect(await pool.liveNodes()).toEqual(['node-b']);
    }
    nodeA.signal('SIGTERM');
    const exit = await nodeA.waitForExit(30_000);
    stop = true;
    await load;

    expect(exit.code).toBe(0);
    expect(nodeA.logs.filter((line) => line['msg'] === 'left the pool')).toEqual([expect.objectContaining({ movedBlocks: BLOCKS, movedBytes, lostBlocks: 0 })]);
    expect(corrupt).toBe(0);
    expect(await pool.liveNodes()).toEqual(['node-b']);
    expect((await pool.replicas(keys)).map((replicas) => replicas.map((replica) => replica.nodeId))).toEqual(blocks.map(() => ['node-b']));
    expect(intact(await reader.fetchPrefix(keys))).toBe(BLOCKS);
    expect(intact(await pool.client().fetchPrefix(keys))).toBe(BLOCKS);
  }, 90_000);
});
