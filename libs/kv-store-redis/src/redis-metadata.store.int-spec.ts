import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { type NodeId, runMetadataStoreContract } from '@tsukimi/kv-store';
import { type Redis } from 'ioredis';
import { RedisMetadataStore, SWAP_CHUNK } from './redis-metadata.store';
import { connectClient, freshPrefix } from './testing/redis.fixture';
import { RedisServerProcess } from './testing/redis-server.process';
import { until } from '@tsukimi/service-kit/testing';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

runMetadataStoreContract('redis', async ({ eventRetention }) => {
  const redis = await connectClient(server);
  return { store: new RedisMetadataStore(redis, { prefix: freshPrefix(), eventRetention }), close: async () => void (await redis.quit()) };
});

describe('RedisMetadataStore beyond the contract', () => {
  let redis: Redis;
  let store: RedisMetadataStore;
  const a = 'node-a' as NodeId;
  const draft = (n: number) => ({
    key: blockKeyFromU64(BigInt(n)),
    status: 'complete' as const,
    sizeBytes: 100,
    replicas: [{ nodeId: a, tier: 'dram' as const }],
    blockIndex: 0,
    createdAtMs: Date.UTC(2025, 0, 1),
    leaseExpiresAtMs: 0,
    softPinExpiresAtMs: 0,
    hardPinned: false,
    lastAccessMs: 1,
    accessCount: 0,
  });

  beforeEach(async () => {
    redis = await connectClient(server);
    store = new RedisMetadataStore(redis, { prefix: freshPrefix('x') });
  });
  afterEach(() => redis.quit());

  it('stores an entry as a field of its bucket in a compact body, indexed in its node\'s set', async () => {
    const written = { ...draft(5), leaseExpiresAtMs: Date.UTC(2025, 0, 1) + 30_000, hardPinned: true, accessCount: 40 };
    await store.swapEntry({ key: written.key, expected: undefined, next: written, events: [] });
    expect(await redis.hget(store.keys.bucket(written.key), written.key)).toBe(`1|C2s 0 ${Date.UTC(2025, 0, 1).toString(36)} n5c  -${(Date.UTC(2025, 0, 1) - 1).toString(36)} 14 node-a/dram`);
    expect(await redis.smembers(store.keys.node(a))).toEqual([written.key]);
    expect(await redis.object('ENCODING', store.keys.bucket(written.key))).toBe('listpack');
    expect(await store.getEntries([written.key])).toEqual([{ ...written, revision: 1 }]);
  });

  it.each([
    ['without replicas, created at 0', { createdAtMs: 0, lastAccessMs: 0, replicas: [] }],
    ['pending, with a soft pin and two replicas', { status: 'pending' as const, softPinExpiresAtMs: 7, replicas: [{ nodeId: a, tier: 'dram' as const }, { nodeId: 'node-b' as NodeId, tier: 'ssd' as const }] }],
  ])('reads back exactly what it stored: %s', async (_name, change) => {
    const written = { ...draft(9), ...change };
    const swapped = await store.swapEntry({ key: written.key, expected: undefined, next: written, events: [] });
    expect(await store.getEntries([written.key])).toEqual([swapped.ok && swapped.value.entry]);
    expect(await store.entriesOnNode(a)).toEqual(written.replicas.length > 0 ? [{ ...written, revision: 1 }] : []);
  });

  it('logs events in a compact body and still reads those an earlier version logged as JSON', async () => {
    const key = draft(8).key;
    await store.swapEntry({ key, expected: undefined, next: draft(8), events: [{ kind: 'stored', key, nodeId: a, tier: 'dram' }] });
    expect(await redis.lrange(store.keys.events, 0, -1)).toEqual([`1|s ${key} node-a dram`]);
    const head = await store.eventLogHead();
    await redis.rpush(store.keys.events, `2|${JSON.stringify({ kind: 'removed', key, nodeId: a, tier: 'dram' })}`);
    await redis.incr(store.keys.seq);
    expect(await store.eventsSince(head.epoch, 0)).toEqual({
      ok: true,
      value: { lastEventId: 2, events: [{ id: 1, kind: 'stored', key, nodeId: a, tier: 'dram' }, { id: 2, kind: 'removed', key, nodeId: a, tier: 'dram' }] },
    });
  });

  it('keeps the event log and its epoch for a new connection: a restarted master continues the same log', async () => {
    await store.swapEntry({ key: draft(1).key, expected: undefined, next: draft(1), events: [{ kind: 'stored', key: draft(1).key, nodeId: a, tier: 'dram' }] });
    const head = await store.eventLogHead();
    const other = await connectClient(server);
    const reopened = new RedisMetadataStore(other, { prefix: store.keys.prefix });
    expect(await reopened.eventLogHead()).toEqual(head);
    expect(await reopened.eventsSince(head.epoch, 0)).toMatchObject({ ok: true, value: { events: [{ id: 1, kind: 'stored' }] } });
    await other.quit();
  });

  it('starts a new epoch when the data is lost, so subscribers re-snapshot', async () => {
    const before = await store.eventLogHead();
    await redis.del(store.keys.epoch, store.keys.seq, store.keys.events);
    const after = await store.eventLogHead();
    expect(after.epoch).not.toBe(before.epoch);
    expect(await store.eventsSince(before.epoch, before.lastEventId)).toMatchObject({ ok: false, error: { reason: 'epoch' } });
  });

  it('reads a batch of keys with one script call and swaps with another', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => draft(i + 1));
    await store.swapEntries(keys.map((next) => ({ key: next.key, expected: undefined, next, events: [] })));
    const sent = await clientCommands(redis);
    const entries = await store.getEntries(keys.map((next) => next.key));
    await store.swapEntry({ key: draft(1).key, expected: entries[0], next: { ...draft(1), accessCount: 1 }, events: [] });
    expect(await sent.stop()).toEqual(['evalsha', 'evalsha']);
  });

  it('swaps a batch larger than one script call takes in calls sent together, in order across them', async () => {
    const created = Array.from({ length: SWAP_CHUNK + 1 }, (_, i) => draft(i + 1));
    const stored = (key: BlockKey) => ({ kind: 'stored' as const, key, nodeId: a, tier: 'dram' as const });
    const head = await store.eventLogHead();
    const sent = await clientCommands(redis);
    const answers = await store.swapEntries([
      ...created.map((next) => ({ key: next.key, expected: undefined, next, events: [stored(next.key)] })),
      { key: draft(1).key, expected: undefined, next: draft(1), events: [stored(draft(1).key)] },
    ]);
    expect(await sent.stop()).toEqual(['evalsha', 'evalsha']);
    expect(answers.at(-1)).toEqual({ ok: false, error: { kind: 'conflict', current: { ...draft(1), revision: 1 } } });
    expect(answers.slice(0, -1).map((answer) => answer.ok && answer.value.events.map((event) => event.id - head.lastEventId))).toEqual(created.map((_, i) => [i + 1]));
    expect((await store.entriesOnNode(a)).length).toBe(created.length);
  });

  it('keeps large numbers exact through the scripts', async () => {
    const big = { ...draft(1), sizeBytes: 2 ** 40 + 1, createdAtMs: 2 ** 52 - 3 };
    const written = await store.swapEntry({ key: big.key, expected: undefined, next: big, events: [] });
    expect(await store.getEntries([big.key])).toEqual([written.ok && written.value.entry]);
    expect(await store.usedBytes(a)).toEqual({ dram: 2 ** 40 + 1 });
  });

  it('refuses malformed block keys and node ids instead of building key names from them', async () => {
    await expect(store.getEntries(['../x' as never])).rejects.toThrow(RangeError);
    await expect(store.usedBytes('a b' as NodeId)).rejects.toThrow(RangeError);
  });
});

/** The commands this client sends from now until `stop` (not those a script runs, which MONITOR reports with source `lua`). */
async function clientCommands(redis: Redis): Promise<{ stop(): Promise<string[]> }> {
  const monitor = await redis.duplicate().monitor();
  const commands: string[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua') commands.push(String(args[0]).toLowerCase());
  });
  return {
    async stop() {
      await redis.ping();
      await until('a ping among the commands', () => commands.includes('ping'), 5_000, 0);
      monitor.disconnect();
      return commands.filter((name) => name !== 'ping');
    },
  };
}
