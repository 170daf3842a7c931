import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BlockKey } from '@tsukimi/kv-block';
import { poolBlock, PoolProcesses } from './pool-processes';
import { until } from '@tsukimi/service-kit/testing';

const BLOCK = poolBlock(0).bytes.length;

describe('a pool of a master and several node processes', () => {
  let pool: PoolProcesses;
  const dirs: string[] = [];

  afterEach(async () => {
    await pool?.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a block put on node A is found through the master by any reader and served by A', async () => {
    pool = await PoolProcesses.start();
    await pool.startNode('node-a');
    await pool.startNode('node-b');
    await pool.startNode('node-c');
    const writer = pool.client({ strategy: 'local-first', preferredNode: 'node-a' });
    const blocks = [1, 2, 3].map((n) => poolBlock(n));
    expect(await writer.store(blocks.map((b) => b.key), (key) => blocks.find((b) => b.key === key)?.bytes)).toEqual({ ok: true, value: { stored: 3, existing: 0 } });

    const reader = pool.client();
    const fetched = await reader.fetchPrefix(blocks.map((b) => b.key));
    expect(fetched.ok && fetched.value.map((b) => Buffer.from(b.bytes).equals(Buffer.from(blocks.find((x) => x.key === b.key)!.bytes)))).toEqual([true, true, true]);
    expect(await pool.replicas(blocks.map((b) => b.key))).toEqual(blocks.map(() => [{ nodeId: 'node-a', tier: 'dram' }]));
  }, 60_000);

  it('with two replicas, reads keep succeeding when one holder is killed, before and after the master drops it', async () => {
    pool = await PoolProcesses.start(['--node-timeout-ms', '1000']);
    for (const name of ['node-a', 'node-b', 'node-c']) await pool.startNode(name);
    const writer = pool.client({ replicas: 2 });
    const blocks = Array.from({ length: 12 }, (_, n) => poolBlock(100 + n));
    const keys = blocks.map((b) => b.key);
    expect(await writer.store(keys, (key) => blocks.find((b) => b.key === key)?.bytes)).toEqual({ ok: true, value: { stored: 12, existing: 0 } });
    const placed = await pool.replicas(keys);
    placed.forEach((replicas) => expect(new Set(replicas.map((r) => r.nodeId)).size).toBe(2));

    const victim = placed[0]![0]!.nodeId;
    pool.nodes.get(victim)!.kill();
    const reader = pool.client();
    const during = await reader.fetchPrefix(keys);
    expect(during.ok && during.value.length).toBe(12);

    await until(`the master to drop ${victim}'s replicas`, async () => (await pool.replicas(keys)).every((r) => r.every((x) => x.nodeId !== victim)));
    expect(await pool.liveNodes()).not.toContain(victim);
    const after = await pool.replicas(keys);
    after.forEach((replicas) => {
      expect(replicas.map((r) => r.nodeId)).not.toContain(victim);
      expect(replicas.length).toBeGreaterThanOrEqual(1);
    });
    const fetched = await reader.fetchPrefix(keys);
    expect(fetched.ok && fetched.value.every((b, i) => Buffer.from(b.bytes).equals(Buffer.from(blocks[i]!.bytes)))).toBe(true);
  }, 60_000);

  it('filling a node past the watermark evicts blocks, never leased or pinned ones', async () => {
    pool = await PoolProcesses.start();
    await pool.startNode('node-a', ['--dram-bytes', String(16 * BLOCK)]);
    const writer = pool.client();
    const blocks = Array.from({ length: 16 }, (_, n) => poolBlock(200 + n));
    const keys = blocks.map((b) => b.key);
    // The protected half goes in first and is leased and pinned before the node nears its watermark.
    for (const block of blocks.slice(0, 8)) expect((await writer.store([block.key], () => block.bytes)).ok).toBe(true);
    const leased = keys.slice(0, 4);
    await pool.replicas(leased, 60_000);
    const pinned = keys.slice(4, 8);
    expect(await pool.pin(pinned.slice(0, 2), 'hard')).toEqual(['ok', 'ok']);
    expect(await pool.pin(pinned.slice(2), 'soft', 60_000)).toEqual(['ok', 'ok']);
    for (const block of blocks.slice(8)) expect((await writer.store([block.key], () => block.bytes)).ok).toBe(true);

    const present = async (subset: readonly BlockKey[]) => (await pool.replicas(subset, 1)).map((r) => r.length > 0);
    await until('eviction below the watermark', async () => (await present(keys)).filter(Boolean).length <= 0.9 * 16);
    expect(await present([...leased, ...pinned])).toEqual(Array(8).fill(true));
    const unprotected = await present(keys.slice(8));
    expect(unprotected.filter((p) => !p).length).toBeGreaterThan(0);
  }, 60_000);

  it('SSD blocks survive a node restart and are registered again', async () => {
    const ssdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-ssd-'));
    dirs.push(ssdDir);
    pool = await PoolProcesses.start(['--node-timeout-ms', '1000']);
    const nodeArgs = ['--dram-bytes', String(3 * BLOCK), '--ssd-dir', ssdDir, '--ssd-bytes', '16MiB', '--no-promote-on-hit'];
    await pool.startNode('node-a', nodeArgs);
    const writer = pool.client();
    const blocks = Array.from({ length: 10 }, (_, n) => poolBlock(300 + n));
    const keys = blocks.map((b) => b.key);
    for (const block of blocks) expect((await writer.store([block.key], () => block.bytes)).ok).toBe(true);
    await until('blocks to be demoted to SSD', async () => (await pool.replicas(keys)).filter((r) => r[0]?.tier === 'ssd').length >= 7);
    const onSsd = keys.filter((_, i) => i < 7);

    pool.nodes.get('node-a')!.kill();
    await until('the master to drop the dead node', async () => (await pool.replicas(keys)).every((r) => r.length === 0));

    await pool.startNode('node-a', nodeArgs);
    await until('the restarted node to re-register its SSD blocks', async () => (await pool.replicas(onSsd)).every((r) => r.length === 1));
    expect((await pool.replicas(onSsd)).map((r) => r[0]!.tier)).toEqual(Array(7).fill('ssd'));
    const fetched = await pool.client().fetchPrefix(onSsd);
    expect(fetched.ok && fetched.value.map((b, i) => Buffer.from(b.bytes).equals(Buffer.from(blocks[i]!.bytes)))).toEqual(Array(7).fill(true));
  }, 60_000);
});
