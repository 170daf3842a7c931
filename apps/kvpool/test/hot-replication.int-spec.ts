import { httpGet, sampleValue, until } from '@tsukimi/service-kit/testing';
import { poolBlock, PoolProcesses } from './pool-processes';

const NODES = ['node-a', 'node-b', 'node-c'];
const HOT_READS = 20;

describe('hot-spot replication across a master and three node processes', () => {
  let pool: PoolProcesses;

  afterEach(async () => {
    await pool?.stop();
  }, 60_000);

  it('a hot prefix gains replicas under a burst of reads, stays fully served while its first holder is killed, and falls back to one copy once cold', async () => {
    pool = await PoolProcesses.start(['--hot-replicas', '3', '--hot-reads-per-window', String(HOT_READS), '--hot-window-ms', '3000', '--lease-ttl-ms', '500', '--node-timeout-ms', '1000']);
    for (const name of NODES) await pool.startNode(name);
    const master = pool.master;
    const logged = (msg: string) => master.logs.filter((line) => line['msg'] === msg).length;
    const counted = async (reason: string) => sampleValue((await httpGet(master.httpPort, '/metrics')).body, `tsukimi_kvpool_replications_total{reason="${reason}"}`) ?? 0;

    const blocks = [1, 2, 3, 4].map((n) => poolBlock(300 + n, 16 * 1024));
    const keys = blocks.map((block) => block.key);
    const writer = pool.client({ strategy: 'local-first', preferredNode: 'node-a' });
    expect(await writer.store(keys, (key) => blocks.find((block) => block.key === key)?.bytes)).toEqual({ ok: true, value: { stored: 4, existing: 0 } });
    expect(await pool.replicas(keys)).toEqual(blocks.map(() => [{ nodeId: 'node-a', tier: 'dram' }]));
    expect(await counted('hot')).toBe(0);

    const reader = pool.client();
    let requested = 0;
    let served = 0;
    const readPrefix = async () => {
      const fetched = await reader.fetchPrefix(keys);
      requested += keys.length;
      if (!fetched.ok) return;
      served += fetched.value.filter((block, i) => block.key === keys[i] && Buffer.from(block.bytes).equals(Buffer.from(blocks[i]!.bytes))).length;
    };

    // A burst of 3 × the threshold: one more replica per threshold, capped at --hot-replicas.
    for (let i = 0; i < 3 * HOT_READS; i += 1) await readPrefix();
    await until('two more replicas of every block', async () => logged('hot block replicated') >= 2 * keys.length);
    const replicated = await pool.replicas(keys);
    for (const replicas of replicated) expect(replicas.map((replica) => replica.nodeId).sort()).toEqual(NODES);
    expect(await counted('hot')).toBe(2 * keys.length);

    pool.nodes.get('node-a')!.kill();
    for (let i = 0; i < 20; i += 1) await readPrefix();
    await until('the master to drop node-a', async () => !(await pool.liveNodes()).includes('node-a'));
    for (let i = 0; i < 20; i += 1) await readPrefix();
    expect(served / requested).toBe(1);
    expect(requested).toBe((3 * HOT_READS + 40) * keys.length);

    await until('every block to cool down to one copy', async () => logged('cooled block replica dropped') >= keys.length);
    expect(await counted('cooled')).toBe(keys.length);
    const cooled = await pool.replicas(keys);
    for (const replicas of cooled) expect(replicas).toHaveLength(1);
    const after = await reader.fetchPrefix(keys);
    expect(after.ok && after.value.map((block, i) => Buffer.from(block.bytes).equals(Buffer.from(blocks[i]!.bytes)))).toEqual([true, true, true, true]);
  }, 90_000);
});
